"""The admin site: templates edited through the service, the outbox read-only with retry."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.core.models import AuditEntry, User
from kefu.notify.models import MessageTemplate
from tests.conftest import client_for
from tests.notify.factories import MessageFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]


def staff(user: User) -> Client:
    """The admin site wants ``is_staff``, which ``create_staff_user`` sets for these roles."""
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return client_for(user)


def template() -> MessageTemplate:
    return MessageTemplate.objects.get(event="ticket.received", channel="email", language="en")


def test_a_manager_edits_a_template_in_the_admin_and_it_is_audited(manager):
    row = template()
    url = f"/admin/notify/messagetemplate/{row.pk}/change/"

    response = staff(manager).post(
        url,
        {
            "subject": "[{brand}] Got it: {ticket_number}",
            "body": "Hello {customer_name}!",
            "active": "on",
        },
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.subject, row.body, row.event) == (
        "[{brand}] Got it: {ticket_number}",
        "Hello {customer_name}!",
        "ticket.received",
    )
    assert AuditEntry.objects.filter(action="notification_template.changed").count() == 1


def test_the_admin_form_refuses_a_broken_placeholder_in_place(manager):
    row = template()

    response = staff(manager).post(
        f"/admin/notify/messagetemplate/{row.pk}/change/",
        {"subject": "x", "body": "Hello {customer_name", "active": "on"},
    )

    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()
    row.refresh_from_db()
    assert row.body.startswith("Hello {customer_name}, we have received")


def test_a_supervisor_sees_the_outbox_masked_and_cannot_edit_templates(supervisor):
    MessageFactory(recipient="+8613812345678")
    client = staff(supervisor)

    outbox = client.get("/admin/notify/message/")
    templates = client.get("/admin/notify/messagetemplate/")

    assert outbox.status_code == 200
    assert "138****5678" in outbox.content.decode()
    assert "13812345678" not in outbox.content.decode()
    assert templates.status_code == 403


def test_the_admin_retry_action_queues_failed_messages_again(supervisor):
    failed = MessageFactory(status="failed", attempts=8)
    sent = MessageFactory(status="sent", attempts=1)

    response = staff(supervisor).post(
        "/admin/notify/message/",
        {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
    )

    assert response.status_code == 302
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == ("queued", 0)
    assert (sent.status, sent.attempts) == ("sent", 1)
