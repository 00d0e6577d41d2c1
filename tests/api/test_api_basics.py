"""The JSON API (P-06): versioned, schema and docs served locally, auth, errors."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.core.models import ApiToken, AuditEntry
from kefu.core.tokens import create_api_token
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-06")


def test_health_answers_without_login(db):
    response = Client().get("/api/v1/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_openapi_schema_is_served_and_names_the_calendar_endpoints(db):
    schema = Client().get("/api/v1/openapi.json").json()

    assert schema["info"]["version"] == "1"
    assert "/api/v1/calendar/business-time" in schema["paths"]
    assert "/api/v1/calendar/due" in schema["paths"]
    assert "/api/v1/deadlines" in schema["paths"]


def test_the_docs_page_loads_its_scripts_from_this_server_not_a_cdn(db):
    html = Client().get("/api/v1/docs").content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html


def test_without_credentials_the_api_answers_401_in_json(db):
    response = Client().get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_an_integration_uses_an_admin_created_token_until_it_is_revoked(admin_user, agent):
    created = client_for(admin_user).post(
        "/api/v1/tokens", {"name": "ERP", "user_id": agent.pk}, content_type="application/json"
    )
    key = created.json()["key"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    me = Client().get("/api/v1/me", **bearer)
    revoked = client_for(admin_user).delete(f"/api/v1/tokens/{created.json()['id']}")
    after = Client().get("/api/v1/me", **bearer)

    assert created.status_code == 201
    assert me.status_code == 200
    assert me.json()["username"] == "agent"
    assert revoked.json()["revoked_at"] is not None
    assert after.status_code == 401
    assert key not in str(ApiToken.objects.values_list("key_hash", flat=True))
    assert AuditEntry.objects.filter(action__in=["token.created", "token.revoked"]).count() == 2


def test_an_agent_cannot_create_tokens(agent):
    response = client_for(agent).post(
        "/api/v1/tokens", {"name": "x"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_a_forged_or_malformed_token_is_refused(admin_user):
    _token, key = create_api_token(actor=admin_user, user=admin_user, name="ok")

    for bad in (key[:-2] + "xx", "kefu_nothing", "garbage", ""):
        response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {bad}")
        assert response.status_code == 401


def test_session_writes_need_the_csrf_token(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.patch(
        "/api/v1/policies/complaint.first_contact", {"minutes": 5}, content_type="application/json"
    )

    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    "body",
    [
        {"start": "2026-01-05T09:00:00+08:00"},
        {"start": "not a date", "end": "2026-01-05T10:00:00+08:00"},
        {"start": "2026-01-05T09:00:00", "end": "2026-01-05T10:00:00+08:00"},
        "[]",
    ],
)
def test_bad_input_gets_a_422_with_the_fields_named(agent, body):
    response = client_for(agent).post(
        "/api/v1/calendar/business-time", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"
    assert response.json()["fields"]


@pytest.mark.req("P-06")
def test_every_api_schema_has_a_name_of_its_own():
    """OpenAPI components are keyed by class name: two schemas of one name would silently
    document one endpoint with the other's fields (schemathesis found ScriptOut so)."""
    from collections import Counter

    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = Counter(c.__name__ for c in set(subclasses(Schema)) if c.__module__.startswith("kefu."))

    assert sorted(name for name, count in names.items() if count > 1) == []


def test_a_token_is_read_once_and_its_users_changes_apply_at_once(admin_user, agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kefu.core.cache import reset

    _token, key = create_api_token(actor=admin_user, user=agent, name="ERP")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    reset()
    Client().get("/api/v1/me", **bearer)  # reads the token and writes its last use
    with CaptureQueriesContext(connection) as second:
        me = Client().get("/api/v1/me", **bearer)
    agent.role = "supervisor"
    agent.save()
    promoted = Client().get("/api/v1/me", **bearer)
    agent.is_active = False
    agent.save()
    deactivated = Client().get("/api/v1/me", **bearer)

    assert me.status_code == 200
    assert not any("core_apitoken" in q["sql"] for q in second.captured_queries)
    assert promoted.json()["role"] == "supervisor"
    assert deactivated.status_code == 401
