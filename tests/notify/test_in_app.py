"""In-app notices for staff: queued, delivered in the database, listed unread, marked read."""

from __future__ import annotations

import pytest

from kefu.core.models import User
from kefu.notify.dispatcher import dispatch_due
from kefu.notify.models import Message
from kefu.notify.queries import unread_in_app
from kefu.notify.services import mark_read, notify, notify_user_in_app
from tests.conftest import client_for
from tests.notify.factories import EventFactory, MessageTemplateFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]


@pytest.fixture
def assigned_template():
    MessageTemplateFactory(
        event="ticket.assigned",
        channel="in_app",
        language="zh-hans",
        subject="新工单 {ticket_number}",
        body="{agent_name}，工单{ticket_number}已分配给您。",
    )
    MessageTemplateFactory(
        event="ticket.assigned",
        channel="in_app",
        language="en",
        subject="New ticket {ticket_number}",
        body="{ticket_number} is yours.",
    )


def tell(user: User, number: str, event=None) -> Message | None:
    return notify_user_in_app(
        user=user,
        template_event="ticket.assigned",
        event=event,
        context={"ticket_number": number, "agent_name": user.username},
    )


def test_an_in_app_notice_is_delivered_without_leaving_the_database(assigned_template, agent):
    message = tell(agent, "T1")

    assert list(unread_in_app(agent)) == []  # not delivered yet
    assert dispatch_due() == 1

    message.refresh_from_db()
    assert (message.status, message.recipient, message.user, message.body) == (
        "sent",
        str(agent.pk),
        agent,
        "agent，工单T1已分配给您。",
    )
    assert message.provider_message_id == f"in_app-{message.pk}"
    assert list(unread_in_app(agent)) == [message]


def test_a_staff_notice_is_in_the_users_language(assigned_template, agent):
    User.objects.filter(pk=agent.pk).update(language="en")
    agent.refresh_from_db()

    assert tell(agent, "T9").body == "T9 is yours."


def test_one_event_tells_one_user_once(assigned_template, agent):
    event = EventFactory(name="ticket.assigned")

    assert tell(agent, "T1", event).pk == tell(agent, "T1", event).pk
    assert Message.objects.filter(user=agent).count() == 1


def test_my_notifications_lists_only_my_unread_notices_and_marks_them_read(
    assigned_template, agent, teammate
):
    first, second = tell(agent, "T1"), tell(agent, "T2")
    tell(teammate, "T3")
    dispatch_due()
    client = client_for(agent)

    listed = client.get("/api/v1/me/notifications")
    marked = client.post(
        "/api/v1/me/notifications/read", {"ids": [first.pk]}, content_type="application/json"
    )
    after = client.get("/api/v1/me/notifications")

    assert [row["id"] for row in listed.json()["items"]] == [second.pk, first.pk]
    assert listed.json()["items"][0] == {
        "id": second.pk,
        "template_event": "ticket.assigned",
        "subject": "新工单 T2",
        "body": "agent，工单T2已分配给您。",
        "created_at": listed.json()["items"][0]["created_at"],
    }
    assert marked.json() == {"marked": 1}
    assert [row["id"] for row in after.json()["items"]] == [second.pk]


def test_nobody_marks_someone_elses_notices_read(assigned_template, agent, teammate):
    theirs = tell(teammate, "T3")
    dispatch_due()

    assert mark_read(actor=agent, message_ids=[theirs.pk]) == 0
    assert mark_read(actor=agent) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert list(unread_in_app(teammate)) == [theirs]


def test_marking_all_read_without_ids(assigned_template, agent):
    tell(agent, "T1")
    tell(agent, "T2")
    dispatch_due()

    response = client_for(agent).post(
        "/api/v1/me/notifications/read", {}, content_type="application/json"
    )

    assert response.json() == {"marked": 2}
    assert list(unread_in_app(agent)) == []


def test_an_agent_sees_only_their_in_app_notices_in_the_outbox_scope(assigned_template, agent):
    from kefu.core.permissions import visible_to

    mine = tell(agent, "T1")
    notify(
        event=EventFactory(),
        channel="sms",
        recipient="13812345678",
        template_event="ticket.progress",
        language="zh-hans",
        context={},
    )

    assert list(visible_to(agent, Message.objects.all())) == [mine]


def test_my_notifications_needs_a_login():
    from django.test import Client

    assert Client().get("/api/v1/me/notifications").status_code == 401
