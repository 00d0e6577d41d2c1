"""Schemathesis against the served OpenAPI schema, as an admin and as an agent (issue 14).

Every operation gets ``KEFU_FUZZ_EXAMPLES`` generated requests (10 in `make test`, 50 in
`make reliability`): none may answer 5xx, and every documented answer must match its schema.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from kefu.core.models import Role
from kefu.core.tokens import create_api_token
from tests.conftest import make_user

pytestmark = [pytest.mark.req("P-06"), pytest.mark.fuzz]
EXAMPLES = int(os.environ.get("KEFU_FUZZ_EXAMPLES", "10"))
CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
]


@pytest.fixture
def admin_token(db) -> str:
    admin = make_user("fuzz-admin", Role.ADMIN)
    return create_api_token(actor=admin, user=admin, name="fuzz")[1]


@pytest.fixture
def agent_token(db, team) -> str:
    admin = make_user("fuzz-admin", Role.ADMIN)
    agent = make_user("fuzz-agent", Role.AGENT, team)
    return create_api_token(actor=admin, user=agent, name="fuzz")[1]


@pytest.fixture(autouse=True)
def _keep_the_test_connection(db):
    """The app is called in-process, inside the test's transaction: like Django's test client,
    keep the request signals from closing the test's database connection."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def call(case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_as_admin_no_operation_answers_a_server_error_or_breaks_its_schema(case, admin_token):
    call(case, admin_token)


@schema.parametrize()
@FUZZ
def test_as_agent_no_operation_answers_a_server_error_or_breaks_its_schema(case, agent_token):
    call(case, agent_token)
