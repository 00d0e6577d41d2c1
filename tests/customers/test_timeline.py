"""The customer 360 timeline: every app's events about the customer and the notes, in order."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import record_event
from kefu.core.models import Event
from kefu.customers import timeline
from kefu.customers.queries import customer_timeline
from kefu.customers.services import add_note, create_customer
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("C-04")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def customer(agent, team):
    return CustomerFactory(owner=agent, team=team)


@pytest.fixture
def ticket_labels(monkeypatch):
    """A higher app (tickets, surveys) registering its labels, as its apps.py would."""
    monkeypatch.setattr(timeline, "_labels", dict(timeline._labels))
    timeline.register_timeline_label("ticket.created", "工单 %(number)s 已创建")
    timeline.register_timeline_label("survey.answered", "满意度调查已回复")


def _at(minutes: int):
    return time_machine.travel(T0 + timedelta(minutes=minutes), tick=False)


def test_events_of_other_apps_and_notes_come_newest_first(agent, customer, ticket_labels):
    with _at(0):
        record_event(
            "ticket.created",
            subject=customer,
            customer_id=customer.pk,
            payload={"number": "GD-0001"},
            actor=agent,
        )
    with _at(10):
        add_note(actor=agent, customer=customer, text="客户很着急，明天上午回电")
    with _at(20):
        record_event("survey.answered", subject=customer, customer_id=customer.pk)
    with _at(30):
        record_event("coupon.issued", subject=customer, customer_id=customer.pk)
    record_event(
        "ticket.created",
        subject=customer,
        customer_id=CustomerFactory().pk,
        payload={"number": "GD-9999"},
    )

    entries = customer_timeline(agent, customer)

    assert [(e.kind, e.label, e.text) for e in entries] == [
        ("coupon.issued", "coupon.issued", ""),
        ("survey.answered", "满意度调查已回复", ""),
        ("note", "备注", "客户很着急，明天上午回电"),
        ("ticket.created", "工单 GD-0001 已创建", ""),
    ]
    assert entries[2].actor == agent.display_name


def test_a_label_whose_payload_lacks_a_value_still_reads(ticket_labels, agent, customer):
    record_event("ticket.created", subject=customer, customer_id=customer.pk, payload={})

    assert customer_timeline(agent, customer)[0].label == "工单"


def test_the_customers_own_changes_are_on_the_timeline(agent):
    with _at(0):
        customer = create_customer(actor=agent, data={"name": "周杰"})

    assert [e.label for e in customer_timeline(agent, customer)] == ["客户档案已创建"]


def test_paging_back_with_before(agent, customer):
    for minute in range(5):
        with _at(minute):
            add_note(actor=agent, customer=customer, text=f"第{minute}次联系")

    first = customer_timeline(agent, customer, limit=2)
    second = customer_timeline(agent, customer, limit=2, before=first[-1].at)
    third = customer_timeline(agent, customer, limit=2, before=second[-1].at)

    assert [e.text for e in first + second + third] == [f"第{m}次联系" for m in (4, 3, 2, 1, 0)]


def test_another_team_cannot_read_the_timeline(other_team_agent, customer):
    with pytest.raises(Forbidden):
        customer_timeline(other_team_agent, customer)


def test_a_note_records_an_event_for_the_customer_and_refuses_empty_text(agent, customer):
    note = add_note(actor=agent, customer=customer, text="  已寄出保修卡  ")

    assert note.text == "已寄出保修卡"
    event = Event.objects.get(name="note.added")
    assert (event.customer_id, event.payload) == (customer.pk, {"note_id": note.pk})
    with pytest.raises(InvalidInput):
        add_note(actor=agent, customer=customer, text="   ")
    assert customer.notes.count() == 1


def test_tech_support_of_the_team_may_add_notes_but_another_team_may_not(
    tech_support, other_team_agent, customer
):
    add_note(actor=tech_support, customer=customer, text="检测结果：主板故障")

    with pytest.raises(Forbidden):
        add_note(actor=other_team_agent, customer=customer, text="x")
    assert customer.notes.count() == 1
    assert Event.objects.filter(name="note.added").count() == 1
