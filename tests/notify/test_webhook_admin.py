"""Webhooks in the admin site: an admin subscribes through the service; a manager cannot."""

from __future__ import annotations

import pytest

from kefu.core.models import AuditEntry
from kefu.notify.models import WebhookAllowedHost, WebhookSubscription
from tests.notify.test_admin import staff

pytestmark = [pytest.mark.req("P-06"), pytest.mark.django_db]


def test_an_admin_subscribes_in_the_admin_site_and_it_is_audited(admin_user):
    client = staff(admin_user)
    answer = client.post(
        "/admin/notify/webhooksubscription/add/",
        {
            "name": "ERP",
            "url": "https://erp.example.com/hook",
            "events": ["ticket.closed", "ticket.reopened"],
            "active": "on",
        },
    )
    assert answer.status_code == 302
    row = WebhookSubscription.objects.get()
    assert (row.events, len(row.secret)) == (["ticket.closed", "ticket.reopened"], 64)
    assert AuditEntry.objects.filter(action="webhook.subscribed").count() == 1
    page = client.get(f"/admin/notify/webhooksubscription/{row.pk}/change/")
    assert row.secret in page.content.decode()


def test_an_admin_allows_and_revokes_a_host_in_the_admin_site(admin_user):
    client = staff(admin_user)
    client.post("/admin/notify/webhookallowedhost/add/", {"host": "erp.lan", "note": "office"})
    row = WebhookAllowedHost.objects.get()
    client.post(
        "/admin/notify/webhookallowedhost/",
        {"action": "revoke", "index": "0", "_selected_action": [row.pk]},
    )
    assert WebhookAllowedHost.objects.count() == 0
    assert list(
        AuditEntry.objects.filter(action__startswith="webhook.host")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["webhook.host_allowed", "webhook.host_revoked"]


def test_a_manager_does_not_see_webhooks_in_the_admin_site(manager):
    answer = staff(manager).get("/admin/notify/webhooksubscription/")
    assert answer.status_code == 403
