"""Receiving a ticket (A-01, A-02, A-03, P-02): customer, order, channel, deadline, agitation."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.errors import Forbidden, InvalidInput
from kefu.customers.models import Customer
from kefu.sla.models import Deadline
from kefu.tickets.models import Ticket, TicketSequence
from kefu.tickets.services import NewTicket, open_ticket
from kefu.tickets.services.intake import agitation_cues
from tests.catalog.factories import OrderFactory
from tests.customers.factories import CustomerFactory
from tests.tickets.conftest import at, events, png

pytestmark = pytest.mark.req("A-01")


def draft(**kwargs: object) -> NewTicket:
    values = {"description": "手机无法开机", "demand": "希望尽快修复", "channel": "wechat"}
    return NewTicket(**{**values, **kwargs})  # type: ignore[arg-type]


def first_response(ticket: Ticket) -> Deadline:
    return Deadline.objects.for_subject(ticket).get()


@pytest.mark.req("P-02")
def test_an_agent_opens_a_wechat_ticket_for_an_order_with_its_deadline(
    statutory_calendar, agent, customer, order
):
    # Monday 2026-03-09 10:00: 线上售后 工作日内1小时内回复.
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        ticket = open_ticket(actor=agent, draft=draft(order_number="DD20260302001"))

    assert ticket.number == "T2603090001"
    assert ticket.customer == customer
    assert ticket.order == order
    assert ticket.order_item == order.items.get()
    assert ticket.channel == "wechat"
    assert (ticket.description, ticket.demand) == ("手机无法开机", "希望尽快修复")
    assert ticket.status == "new"
    assert ticket.team == agent.team
    assert ticket.created_by == agent
    deadline = first_response(ticket)
    assert deadline.kind == "ticket.online.first_response"
    assert deadline.due_at == at(2026, 3, 9, 11, 0)
    assert ticket.next_due_at == at(2026, 3, 9, 11, 0)
    received = events("ticket.received")
    assert len(received) == 1
    assert received[0].customer_id == customer.pk
    assert received[0].payload == {
        "number": "T2603090001",
        "channel": "wechat",
        "agitated": False,
        "cues": [],
    }


def test_an_online_ticket_on_a_holiday_is_due_in_24_hours(statutory_calendar, agent, customer):
    # 2026-10-03 is in the National Day holiday: 非工作日24小时内回复.
    with time_machine.travel(at(2026, 10, 3, 15, 0), tick=False):
        ticket = open_ticket(actor=agent, draft=draft(customer_id=customer.pk, channel="app"))

    assert first_response(ticket).due_at == at(2026, 10, 4, 15, 0)


def test_an_online_ticket_before_lunch_runs_over_the_break(statutory_calendar, agent, customer):
    with time_machine.travel(at(2026, 3, 9, 11, 30), tick=False):
        ticket = open_ticket(actor=agent, draft=draft(customer_id=customer.pk, channel="web"))

    assert first_response(ticket).due_at == at(2026, 3, 9, 14, 0)


@pytest.mark.req("P-02")
@pytest.mark.parametrize("channel", ["phone", "store"])
def test_a_phone_or_store_ticket_is_answered_by_the_agent_recording_it(
    statutory_calendar, agent, customer, channel
):
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        ticket = open_ticket(actor=agent, draft=draft(customer_id=customer.pk, channel=channel))

    deadline = first_response(ticket)
    assert deadline.kind == "ticket.offline.first_response"
    assert deadline.met_at == at(2026, 3, 9, 10, 0)
    assert deadline.breached_at is None
    assert ticket.first_responded_at == at(2026, 3, 9, 10, 0)
    assert ticket.channel == channel
    assert Ticket.objects.get().next_due_at is None


@pytest.mark.req("P-02")
def test_an_email_ticket_uses_the_written_channel_policy(statutory_calendar, agent, customer):
    with time_machine.travel(at(2026, 3, 9, 17, 30), tick=False):
        ticket = open_ticket(actor=agent, draft=draft(customer_id=customer.pk, channel="email"))

    deadline = first_response(ticket)
    assert deadline.kind == "ticket.written.first_response"
    assert deadline.due_at == at(2026, 3, 10, 9, 30)


def test_numbers_count_up_per_local_day(statutory_calendar, agent, customer):
    with time_machine.travel(at(2026, 3, 9, 23, 59), tick=False):
        first = open_ticket(actor=agent, draft=draft(customer_id=customer.pk))
        second = open_ticket(actor=agent, draft=draft(customer_id=customer.pk))
    with time_machine.travel(at(2026, 3, 10, 0, 1), tick=False):
        third = open_ticket(actor=agent, draft=draft(customer_id=customer.pk))

    assert [first.number, second.number, third.number] == [
        "T2603090001",
        "T2603090002",
        "T2603100001",
    ]
    assert TicketSequence.objects.get(day="2026-03-09").last == 2


def test_a_new_caller_becomes_a_customer_and_a_known_phone_is_matched(agent, customer):
    known = open_ticket(actor=agent, draft=draft(phone="139 1234 5678", name="随便"))
    new = open_ticket(actor=agent, draft=draft(phone="13800001111", name="李娜"))

    assert known.customer == customer
    assert new.customer.name == "李娜"
    assert new.customer.phone == "+8613800001111"
    assert new.customer.owner == agent
    assert Customer.objects.count() == 2


def test_the_order_alone_names_the_customer(agent, customer, order):
    ticket = open_ticket(actor=agent, draft=draft(order_number=" DD20260302001 "))

    assert ticket.customer == customer


def test_an_unknown_order_number_is_refused_and_nothing_is_written(agent, customer):
    with pytest.raises(InvalidInput) as refused:
        open_ticket(
            actor=agent, draft=draft(phone="13800001111", name="李娜", order_number="DD404")
        )

    assert refused.value.code == "unknown_order"
    assert refused.value.fields == {
        "order_number": "No order with that number was found. Check the order number."
    }
    assert Ticket.objects.count() == 0
    assert Customer.objects.count() == 1
    assert events() == []


def test_an_order_of_another_customer_is_refused(agent, customer, order):
    other = CustomerFactory(team=agent.team)

    with pytest.raises(InvalidInput) as refused:
        open_ticket(actor=agent, draft=draft(customer_id=other.pk, order_number=order.number))

    assert refused.value.code == "order_of_another_customer"
    assert Ticket.objects.count() == 0


def test_the_public_form_does_not_reveal_that_a_strangers_order_exists(customer, order):
    with pytest.raises(InvalidInput) as refused:
        open_ticket(
            actor=None,
            draft=draft(channel="web", phone="13800001111", name="李娜", order_number=order.number),
        )

    assert refused.value.code == "unknown_order"
    assert Ticket.objects.count() == 0
    assert Customer.objects.count() == 1


def test_the_public_form_opens_a_web_ticket_with_photos(agent, customer, order):
    ticket = open_ticket(
        actor=None,
        draft=draft(
            channel="web", phone="13912345678", order_number=order.number, attachments=[png()]
        ),
    )

    assert ticket.created_by is None
    assert ticket.customer == customer
    assert ticket.attachments.get().content_type == "image/png"
    assert ticket.assignee == agent  # the only agent, chosen by load


def test_the_public_form_takes_online_channels_only(customer):
    with pytest.raises(InvalidInput) as refused:
        open_ticket(actor=None, draft=draft(channel="phone", phone="13912345678"))

    assert refused.value.fields == {"channel": "Not one of the choices."}


def test_a_ticket_needs_a_customer_and_a_description(agent):
    with pytest.raises(InvalidInput) as no_customer:
        open_ticket(actor=agent, draft=draft())
    with pytest.raises(InvalidInput) as no_text:
        open_ticket(actor=agent, draft=draft(description="  ", phone="13800001111", name="李娜"))

    assert no_customer.value.code == "customer_required"
    assert no_text.value.fields == {"description": "This field is required."}
    assert Ticket.objects.count() == 0


def test_tech_support_does_not_open_tickets(tech_support, customer):
    with pytest.raises(Forbidden):
        open_ticket(actor=tech_support, draft=draft(customer_id=customer.pk))

    assert Ticket.objects.count() == 0
    assert events() == []


def test_an_agent_cannot_open_a_ticket_for_a_customer_they_cannot_see(other_team_agent, agent):
    hidden = CustomerFactory(team=agent.team)

    with pytest.raises(Exception) as refused:
        open_ticket(actor=other_team_agent, draft=draft(customer_id=hidden.pk))

    assert refused.value.code == "customer_not_found"  # type: ignore[attr-defined]
    assert Ticket.objects.count() == 0


@pytest.mark.req("A-02")
def test_a_sub_type_at_intake_brings_its_usual_category(agent, customer):
    ticket = open_ticket(
        actor=agent, draft=draft(customer_id=customer.pk, subtype="transport_damage")
    )

    assert (ticket.category, ticket.subtype) == ("service_process", "transport_damage")


@pytest.mark.req("A-03")
@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("气死我了，再不处理我就投诉", ["气死", "投诉"]),
        ("氣死我了，我要給差評", ["气死", "差评"]),  # Traditional Chinese
        ("马上给我退钱！！！", ["退钱", "马上", "!!!"]),
        ("屏幕有一道划痕，请帮忙看看", []),
    ],
)
def test_agitation_cues_are_found_in_the_customers_words(text, cues):
    assert agitation_cues(text) == cues


@pytest.mark.req("A-03")
def test_an_agitated_customer_raises_urgency(agent, customer):
    ticket = open_ticket(
        actor=agent,
        draft=draft(
            customer_id=customer.pk,
            description="手机刚买就坏了，气死我了",
            demand="立刻退钱",
            important=True,
        ),
    )

    assert ticket.agitated is True
    assert ticket.urgent is True
    assert ticket.priority == 1
    assert events("ticket.received")[0].payload["cues"] == ["气死", "退钱", "立刻"]


def test_two_orders_of_one_customer_pick_the_named_item(agent, customer):
    order = OrderFactory(customer=customer, items=[])
    assert order.items.count() == 0

    ticket = open_ticket(actor=agent, draft=draft(order_number=order.number))

    assert ticket.order_item is None
