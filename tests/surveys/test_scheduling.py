"""Surveys go out 24 hours after a fix and 7 days after a purchase, through the worker, once."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine

from kefu.catalog.services import ItemData, OrderData, create_order, update_order
from kefu.core.events import record_event
from kefu.core.periodic import run_due
from kefu.notify.models import Message
from kefu.surveys.models import Method, Status, Survey
from kefu.surveys.services import send_due_surveys
from kefu.surveys.services.links import hash_token
from kefu.tickets.services import reopen_ticket, resolve_ticket
from tests.catalog.factories import ProductFactory
from tests.customers.factories import CustomerFactory
from tests.surveys.conftest import at, events, run_handlers
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("Q-01")

RESOLVED = at(2026, 3, 10, 10, 0)


def invitations() -> list[Message]:
    return list(Message.objects.filter(template_event="survey.invitation").order_by("pk"))


@pytest.fixture
def ticket(customer, team, agent):
    return TicketFactory(
        customer=customer,
        team=team,
        assignee=agent,
        status="diagnosing",
        category="product_quality",
        channel="wechat",
    )


def resolve(agent, ticket):
    with time_machine.travel(RESOLVED, tick=False):
        resolve_ticket(actor=agent, ticket=ticket, resolution="已更换主板")
        run_handlers()


def test_a_resolved_ticket_schedules_one_online_survey_24_hours_later(agent, ticket, team):
    resolve(agent, ticket)

    survey = Survey.objects.get()
    assert (survey.trigger, survey.method, survey.status) == ("resolution", "online", "scheduled")
    assert survey.send_at == RESOLVED + timedelta(hours=24)
    assert survey.service_at == RESOLVED
    assert (survey.ticket, survey.customer, survey.team, survey.agent) == (
        ticket,
        ticket.customer,
        team,
        agent,
    )
    assert (survey.category, survey.channel) == ("product_quality", "wechat")
    assert invitations() == []


def test_the_worker_sends_nothing_at_23h59_and_the_survey_at_24h_exactly_once(agent, ticket, sent):
    resolve(agent, ticket)

    with time_machine.travel(RESOLVED + timedelta(hours=23, minutes=59), tick=False):
        assert "surveys.send_due" in run_due()
        assert invitations() == []
        assert Survey.objects.get().status == "scheduled"
    with time_machine.travel(RESOLVED + timedelta(hours=24), tick=False):
        assert "surveys.send_due" in run_due()
        assert send_due_surveys() == 0  # the job run again at the same moment
    with time_machine.travel(RESOLVED + timedelta(hours=25), tick=False):
        run_due()

    survey = Survey.objects.get()
    message = Message.objects.get(template_event="survey.invitation")
    token = re.search(r"https://kefu\.example\.cn/s/([\w-]+)/", message.body).group(1)
    assert survey.status == "sent"
    assert survey.sent_at == RESOLVED + timedelta(hours=24)
    assert survey.expires_at == RESOLVED + timedelta(hours=24) + timedelta(days=7)
    assert survey.token_hash == hash_token(token)
    assert token not in str(list(Survey.objects.values()))
    assert (message.channel, message.recipient, message.customer_id) == (
        "sms",
        "+8613912345678",
        ticket.customer_id,
    )
    assert len(events("survey.sent")) == 1
    assert [(i, r) for i, r, body in sent if token in body] == [(message.pk, "+8613912345678")]


def test_a_ticket_resolved_twice_still_has_one_survey_due_from_the_last_resolution(agent, ticket):
    resolve(agent, ticket)
    with time_machine.travel(RESOLVED + timedelta(hours=2), tick=False):
        reopen_ticket(actor=agent, ticket=ticket, reason="客户反馈仍无法开机")
        run_handlers()
        assert Survey.objects.get().status == "cancelled"
    with time_machine.travel(RESOLVED + timedelta(hours=5), tick=False):
        ticket.refresh_from_db()
        resolve_ticket(actor=agent, ticket=ticket)
        run_handlers()

    survey = Survey.objects.get()
    assert survey.status == "scheduled"
    assert survey.send_at == RESOLVED + timedelta(hours=29)
    assert survey.cancel_reason == ""


def test_the_same_resolution_event_delivered_twice_schedules_one_survey(agent, ticket):
    resolve(agent, ticket)
    record_event("ticket.resolved", subject=ticket, customer_id=ticket.customer_id)
    run_handlers()

    assert Survey.objects.count() == 1


def test_an_important_ticket_gets_a_phone_survey_that_is_never_sent_by_sms(agent, customer, team):
    ticket = TicketFactory(
        customer=customer, team=team, assignee=agent, status="diagnosing", important=True
    )
    resolve(agent, ticket)
    with time_machine.travel(RESOLVED + timedelta(days=2), tick=False):
        run_due()

    survey = Survey.objects.get()
    assert (survey.method, survey.status) == (Method.PHONE, Status.SCHEDULED)
    assert invitations() == []


def test_a_customer_who_complained_gets_a_phone_survey(agent, customer, team, ticket):
    record_event("complaint.registered", subject=customer, customer_id=customer.pk)
    resolve(agent, ticket)

    assert Survey.objects.get().method == "phone"


def test_a_customer_with_no_mobile_gets_the_link_by_email_and_none_is_cancelled(agent, team):
    by_email = CustomerFactory(phone="", email="li@example.cn", team=team)
    nobody = CustomerFactory(phone="", email="", team=team)
    for customer in (by_email, nobody):
        resolve(
            agent, TicketFactory(customer=customer, team=team, assignee=agent, status="diagnosing")
        )
    with time_machine.travel(RESOLVED + timedelta(days=1), tick=False):
        assert send_due_surveys() == 1

    assert Message.objects.get(template_event="survey.invitation").channel == "email"
    cancelled = Survey.objects.get(customer=nobody)
    assert (cancelled.status, cancelled.cancel_reason) == (
        "cancelled",
        "No mobile number or email to send to.",
    )


def test_an_unanswered_link_expires_after_its_lifetime(agent, ticket):
    resolve(agent, ticket)
    with time_machine.travel(RESOLVED + timedelta(days=1), tick=False):
        send_due_surveys()
    with time_machine.travel(RESOLVED + timedelta(days=8) - timedelta(seconds=1), tick=False):
        send_due_surveys()
        assert Survey.objects.get().status == "sent"
    with time_machine.travel(RESOLVED + timedelta(days=8), tick=False):
        send_due_surveys()

    assert Survey.objects.get().status == "expired"


# --- after a purchase -----------------------------------------------------------------------


def order_data(number, purchased_at, **delivery):
    return OrderData(
        number=number,
        purchased_at=purchased_at,
        items=[ItemData(ProductFactory(), 1, 199900)],
        **delivery,
    )


def test_a_purchase_is_surveyed_7_days_after_delivery(customer, agent, supervisor):
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        order = create_order(
            actor=None, customer=customer, data=order_data("DD1", at(2026, 3, 2, 9, 30))
        )
        run_handlers()
        assert Survey.objects.get().send_at == at(2026, 3, 9, 9, 30)
    with time_machine.travel(at(2026, 3, 4, 15, 0), tick=False):
        update_order(
            actor=supervisor,
            order=order,
            changes={"delivery_status": "delivered", "delivered_on": date(2026, 3, 4)},
        )
        run_handlers()

    survey = Survey.objects.get()
    assert (survey.trigger, survey.order, survey.ticket) == ("purchase", order, None)
    assert survey.send_at == at(2026, 3, 11, 15, 0)
    with time_machine.travel(at(2026, 3, 11, 14, 59), tick=False):
        assert send_due_surveys() == 0
    with time_machine.travel(at(2026, 3, 11, 15, 0), tick=False):
        assert send_due_surveys() == 1
        assert send_due_surveys() == 0
    assert len(invitations()) == 1


def test_an_old_order_imported_today_is_not_surveyed(customer):
    with time_machine.travel(at(2026, 3, 20, 10, 0), tick=False):
        create_order(
            actor=None,
            customer=customer,
            data=order_data(
                "DD2",
                at(2026, 1, 5, 9, 0),
                delivery_status="delivered",
                delivered_on=date(2026, 1, 7),
            ),
        )
        run_handlers()
        assert send_due_surveys() == 0

    survey = Survey.objects.get()
    assert survey.send_at == at(2026, 1, 14, 10, 0)
    assert (survey.status, survey.cancel_reason) == ("expired", "Too late to ask.")
    assert invitations() == []
