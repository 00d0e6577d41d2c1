"""Customers over the API: scoped, paginated, masked, optimistic, audited reveal (C-01/04/05)."""

from __future__ import annotations

import pytest

from kefu.core.models import AuditEntry, Event
from kefu.customers.models import Customer
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

JSON = "application/json"


@pytest.fixture
def customer(agent, team):
    return CustomerFactory(
        name="王芳",
        owner=agent,
        team=team,
        phone="+8613812345678",
        email="wangfang@example.cn",
        address="广东省深圳市南山区科技园路1号",
    )


@pytest.mark.req("C-01", "C-05")
def test_create_answers_201_with_masked_fields(agent):
    response = client_for(agent).post(
        "/api/v1/customers",
        {
            "name": "李娜",
            "phone": "139 1234 0000",
            "email": "lina@example.cn",
            "address": "浙江省杭州市西湖区文三路 90 号",
            "tags": ["新客"],
        },
        content_type=JSON,
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["phone"], body["email"]) == (
        "李娜",
        "139****0000",
        "l***@example.cn",
    )
    assert body["address"] == "浙江省杭州市****"
    assert (body["masked"], body["version"], body["tags"]) == (True, 1, ["新客"])
    assert Customer.objects.get().phone == "+8613912340000"


@pytest.mark.req("C-01")
def test_a_wrong_phone_is_a_422_in_json_and_nothing_is_written(agent):
    response = client_for(agent).post(
        "/api/v1/customers", {"name": "李娜", "phone": "0000"}, content_type=JSON
    )

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_phone"
    assert list(response.json()["fields"]) == ["phone"]
    assert Customer.objects.count() == 0


@pytest.mark.req("C-01")
def test_a_duplicate_phone_is_a_409_naming_the_existing_customer(agent, customer):
    response = client_for(agent).post(
        "/api/v1/customers", {"name": "王小芳", "phone": "13812345678"}, content_type=JSON
    )

    assert response.status_code == 409
    assert response.json()["fields"]["existing_customer_id"] == str(customer.pk)


@pytest.mark.req("C-01")
def test_create_with_an_idempotency_key_runs_once(agent):
    client = client_for(agent)

    def send():
        return client.post(
            "/api/v1/customers",
            {"name": "李娜", "phone": "13912340000"},
            content_type=JSON,
            HTTP_IDEMPOTENCY_KEY="k-1",
        )

    first, second = send(), send()

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert Customer.objects.count() == 1


@pytest.mark.req("C-01")
def test_patch_with_a_stale_version_is_409_and_changes_nothing(agent, customer):
    client = client_for(agent)
    url = f"/api/v1/customers/{customer.pk}"

    ok = client.patch(url, {"version": 1, "city": "广州市"}, content_type=JSON)
    stale = client.patch(url, {"version": 1, "city": "佛山市"}, content_type=JSON)

    assert (ok.status_code, ok.json()["version"], ok.json()["city"]) == (200, 2, "广州市")
    assert stale.status_code == 409
    assert stale.json()["error"] == "stale_version"
    customer.refresh_from_db()
    assert (customer.city, customer.version) == ("广州市", 2)


@pytest.mark.req("C-01")
def test_patch_without_a_version_is_refused(agent, customer):
    response = client_for(agent).patch(
        f"/api/v1/customers/{customer.pk}", {"city": "广州市"}, content_type=JSON
    )

    assert response.status_code == 422
    assert "version" in response.json()["fields"]


@pytest.mark.req("C-01", "P-01")
def test_the_list_is_scoped_to_the_team_and_paginated(agent, teammate, other_team_agent, team):
    mine = [CustomerFactory(owner=agent, team=team) for _ in range(3)]
    CustomerFactory(owner=other_team_agent, team=other_team_agent.team)
    client = client_for(teammate)

    first = client.get("/api/v1/customers?limit=2").json()
    rest = client.get("/api/v1/customers?limit=2&offset=2").json()

    ids = [c["id"] for c in first["items"] + rest["items"]]
    assert sorted(ids) == sorted(c.pk for c in mine)
    assert (first["has_more"], rest["has_more"]) == (True, False)
    assert all("****" in c["phone"] for c in first["items"])


@pytest.mark.req("C-01")
def test_the_list_filters_by_owner_and_member_level(agent, teammate, team, supervisor):
    gold = CustomerFactory(owner=agent, team=team, member_level="gold")
    CustomerFactory(owner=teammate, team=team, member_level="gold")
    CustomerFactory(owner=agent, team=team)
    client = client_for(supervisor)

    body = client.get(f"/api/v1/customers?owner_id={agent.pk}&member_level=gold").json()

    assert [c["id"] for c in body["items"]] == [gold.pk]


@pytest.mark.req("P-01")
def test_another_teams_customer_is_not_found(other_team_agent, customer):
    response = client_for(other_team_agent).get(f"/api/v1/customers/{customer.pk}")

    assert response.status_code == 404


@pytest.mark.req("C-05")
def test_detail_is_masked_and_reveal_returns_full_values_with_an_audit_line(agent, customer):
    client = client_for(agent)

    detail = client.get(f"/api/v1/customers/{customer.pk}").json()
    revealed = client.post(
        f"/api/v1/customers/{customer.pk}/reveal", {"fields": ["phone", "email"]}, content_type=JSON
    )

    assert (detail["phone"], detail["email"]) == ("138****5678", "w***@example.cn")
    assert revealed.status_code == 200
    assert revealed.json() == {
        "id": customer.pk,
        "values": {"phone": "+8613812345678", "email": "wangfang@example.cn"},
    }
    entry = AuditEntry.objects.get(action="customer.personal_viewed")
    assert entry.data == {"fields": ["phone", "email"]}
    assert entry.ip == "127.0.0.1"


@pytest.mark.req("C-05")
def test_tech_support_sees_the_customer_masked_but_cannot_reveal(tech_support, customer):
    client = client_for(tech_support)

    detail = client.get(f"/api/v1/customers/{customer.pk}")
    revealed = client.post(
        f"/api/v1/customers/{customer.pk}/reveal", {"fields": ["phone"]}, content_type=JSON
    )

    assert detail.status_code == 200
    assert detail.json()["phone"] == "138****5678"
    assert revealed.status_code == 403
    assert AuditEntry.objects.filter(action="customer.personal_viewed").count() == 0


@pytest.mark.req("C-05")
def test_reveal_of_an_unknown_field_is_422(agent, customer):
    response = client_for(agent).post(
        f"/api/v1/customers/{customer.pk}/reveal", {"fields": ["password"]}, content_type=JSON
    )

    assert response.status_code == 422
    assert AuditEntry.objects.count() == 0


@pytest.mark.req("C-04")
def test_notes_and_timeline_over_the_api(agent, customer):
    client = client_for(agent)

    note = client.post(
        f"/api/v1/customers/{customer.pk}/notes", {"text": "客户希望周末上门"}, content_type=JSON
    )
    record = Event.objects.get(name="note.added")
    timeline = client.get(f"/api/v1/customers/{customer.pk}/timeline").json()

    assert note.status_code == 201
    assert note.json()["text"] == "客户希望周末上门"
    assert record.customer_id == customer.pk
    assert [(e["kind"], e["text"]) for e in timeline["items"]] == [("note", "客户希望周末上门")]
    assert timeline["next_before"] is None


@pytest.mark.req("C-04")
def test_an_empty_note_is_422(agent, customer):
    response = client_for(agent).post(
        f"/api/v1/customers/{customer.pk}/notes", {"text": " "}, content_type=JSON
    )

    assert response.status_code == 422
    assert customer.notes.count() == 0
