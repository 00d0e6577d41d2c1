"""Inquiries from every channel (S-01) and their first-response deadlines (S-02), including
the dual rule on a 调休 make-up Saturday and on a public holiday."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.errors import DomainError, Forbidden
from kefu.core.models import Event
from kefu.customers.models import Customer
from kefu.presales import services
from kefu.presales.models import Inquiry, Lead, Stage
from kefu.sla.models import Deadline
from tests.customers.factories import CustomerFactory
from tests.presales.conftest import at

pytestmark = pytest.mark.django_db


def receive(agent, **values):
    data = {"channel": "web", "question": "想了解XX产品的价格", "name": "王芳", **values}
    return services.receive_inquiry(actor=agent, data=services.InquiryData(**data))


def first_response(inquiry: Inquiry) -> Deadline:
    return Deadline.objects.get(subject_type="presales.inquiry", subject_id=str(inquiry.pk))


@pytest.mark.req("S-01")
@pytest.mark.parametrize("channel", ["web", "wechat", "app", "email", "phone", "store", "sms"])
def test_an_inquiry_from_every_channel_records_what_was_asked(agent, catalog, channel):
    inquiry = receive(agent, channel=channel, product_id=catalog["elder"].pk, phone="13912345678")

    assert (inquiry.channel, inquiry.question, inquiry.product) == (
        channel,
        "想了解XX产品的价格",
        catalog["elder"],
    )
    assert inquiry.customer.name == "王芳"
    assert inquiry.customer.phone == "+8613912345678"
    assert inquiry.lead.owner == agent
    assert Event.objects.filter(name="inquiry.received", subject_id=str(inquiry.pk)).count() == 1


@pytest.mark.req("S-01")
def test_an_inquiry_links_the_customer_with_that_phone_and_their_open_lead(agent):
    customer = CustomerFactory(name="李强", phone="+8613700001111", owner=agent, team=agent.team)
    first = receive(agent, phone="137 0000 1111", name="")
    second = receive(agent, customer_id=customer.pk, question="关注售后政策")

    assert first.customer == second.customer == customer
    assert first.lead == second.lead
    assert Customer.objects.count() == 1
    assert Lead.objects.count() == 1


@pytest.mark.req("S-02")
@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Monday 17:50: 10 working minutes today, 20 tomorrow morning.
        (at(2026, 3, 2, 17, 50), at(2026, 3, 3, 9, 20)),
        # 调休: Saturday 2026-02-14 is a make-up workday, so 30 working minutes apply.
        (at(2026, 2, 14, 10, 0), at(2026, 2, 14, 10, 30)),
        # National Day 2026-10-02 is a holiday: 24 calendar hours.
        (at(2026, 10, 2, 10, 0), at(2026, 10, 3, 10, 0)),
        # An ordinary Saturday is a non-workday too.
        (at(2026, 3, 7, 21, 0), at(2026, 3, 8, 21, 0)),
    ],
    ids=["workday-evening", "make-up-saturday", "holiday", "weekend"],
)
def test_an_online_inquiry_is_due_by_the_dual_rule(statutory_calendar, agent, received, due):
    with time_machine.travel(received, tick=False):
        inquiry = receive(agent, channel="wechat")

    deadline = first_response(inquiry)
    assert (deadline.kind, deadline.due_at, deadline.owner) == (
        "inquiry.online.first_response",
        due,
        agent,
    )


@pytest.mark.req("S-02")
def test_a_store_visitor_must_be_received_within_five_minutes(agent):
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        inquiry = receive(agent, channel="store")

    assert first_response(inquiry).kind == "inquiry.store.reception"
    assert first_response(inquiry).due_at == at(2026, 3, 2, 10, 5)


@pytest.mark.req("S-02")
@pytest.mark.parametrize(("rings", "in_time"), [(2, True), (3, True), (4, False)])
def test_a_phone_call_is_answered_live_with_its_rings_recorded(agent, rings, in_time):
    inquiry = receive(agent, channel="phone", rings=rings)

    assert inquiry.rings == rings
    assert inquiry.answered_in_rings is in_time
    assert inquiry.answered_at == inquiry.received_at
    assert inquiry.lead.stage == Stage.CONTACTED
    assert not Deadline.objects.filter(subject_type="presales.inquiry").exists()


@pytest.mark.req("S-01")
@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"product_id": 999999}, "product_id"),
        ({"question": "  "}, "question"),
        ({"channel": "fax"}, "channel"),
        ({"rings": 2}, "rings"),
        ({"name": "", "phone": ""}, "name"),
    ],
    ids=["unknown-product", "empty-question", "unknown-channel", "rings-not-phone", "no-name"],
)
def test_a_bad_inquiry_is_refused_and_nothing_is_written(agent, catalog, values, field):
    with pytest.raises(DomainError) as refused:
        receive(agent, **values)

    assert field in refused.value.fields
    assert Inquiry.objects.count() == Lead.objects.count() == Customer.objects.count() == 0
    assert not Event.objects.exists()


@pytest.mark.req("S-01")
def test_a_technical_support_engineer_does_not_receive_pre_sales_inquiries(tech_support):
    with pytest.raises(Forbidden):
        receive(tech_support)

    assert Inquiry.objects.count() == 0
    assert not Event.objects.exists()


@pytest.mark.req("S-01")
def test_a_customer_of_another_team_is_not_linked_by_number(agent, other_team_agent):
    theirs = CustomerFactory(owner=other_team_agent, team=other_team_agent.team)

    with pytest.raises(DomainError) as refused:
        receive(agent, customer_id=theirs.pk)

    assert refused.value.code == "customer_not_found"
    assert Inquiry.objects.count() == Lead.objects.count() == 0
