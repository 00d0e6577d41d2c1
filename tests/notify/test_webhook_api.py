"""Webhook subscriptions, the allow-list and the delivery log over the JSON API (admins)."""

from __future__ import annotations

import pytest

from kefu.core.events import pump, record_event
from kefu.notify.models import WebhookSubscription
from tests.conftest import client_for

pytestmark = [pytest.mark.req("P-06"), pytest.mark.django_db]

NEW = {"name": "ERP", "url": "https://erp.example.com/hooks", "events": ["ticket.closed"]}


def test_an_admin_subscribes_and_sees_the_secret_only_once(admin_user):
    client = client_for(admin_user)
    created = client.post("/api/v1/webhooks", NEW, content_type="application/json")
    assert created.status_code == 201
    row = WebhookSubscription.objects.get()
    assert created.json()["secret"] == row.secret and len(row.secret) == 64
    [listed] = client.get("/api/v1/webhooks").json()["items"]
    assert "secret" not in listed
    assert (listed["url"], listed["events"], listed["active"]) == (
        "https://erp.example.com/hooks",
        ["ticket.closed"],
        True,
    )
    changed = client.patch(
        f"/api/v1/webhooks/{row.pk}", {"active": False}, content_type="application/json"
    )
    assert changed.json()["active"] is False


def test_a_bad_subscription_gets_a_json_error_naming_the_field(admin_user):
    answer = client_for(admin_user).post(
        "/api/v1/webhooks", {**NEW, "url": "file:///etc/passwd"}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert (answer.json()["error"], list(answer.json()["fields"])) == ("invalid_webhook", ["url"])
    assert WebhookSubscription.objects.count() == 0


def test_the_delivery_log_shows_a_refused_address(admin_user, team):
    client = client_for(admin_user)
    client.post(
        "/api/v1/webhooks",
        {**NEW, "url": "http://10.1.2.3/hook"},
        content_type="application/json",
    )
    record_event("ticket.closed", subject=team)
    pump()
    pump()
    [entry] = client.get("/api/v1/webhook-deliveries").json()["items"]
    assert (entry["event"], entry["status"], entry["attempts"]) == ("ticket.closed", "refused", 1)
    assert entry["refusal"] == "10.1.2.3 resolves to the inside address 10.1.2.3; not allow-listed"


def test_an_admin_allow_lists_a_host_once(admin_user):
    client = client_for(admin_user)
    first = client.post(
        "/api/v1/webhook-allowed-hosts",
        {"host": "Hooks.Internal", "note": "ERP in the office"},
        content_type="application/json",
    )
    assert (first.status_code, first.json()["host"]) == (201, "hooks.internal")
    again = client.post(
        "/api/v1/webhook-allowed-hosts", {"host": "hooks.internal"}, content_type="application/json"
    )
    assert (again.status_code, again.json()["error"]) == (409, "host_already_allowed")


def test_webhooks_are_refused_to_a_manager(manager):
    client = client_for(manager)
    assert client.get("/api/v1/webhooks").status_code == 403
    assert client.post("/api/v1/webhooks", NEW, content_type="application/json").status_code == 403
    assert WebhookSubscription.objects.count() == 0
