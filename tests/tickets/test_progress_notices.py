"""Progress notices to the customer (A-07): ticket events → handler → notification outbox."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.events import pump
from kefu.customers.timeline import label_for
from kefu.notify.models import Message
from kefu.tickets.services import (
    DelayNotice,
    NewTicket,
    SolutionOption,
    announce_delay,
    escalate_ticket,
    offer_solutions,
    open_ticket,
    promise_resolution,
    record_customer_choice,
    record_solution_progress,
    resolve_ticket,
    start_diagnosis,
)
from tests.customers.factories import CustomerFactory
from tests.tickets.conftest import at

pytestmark = pytest.mark.req("A-07")


@pytest.fixture
def ticket(statutory_calendar, agent, customer):
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        return open_ticket(
            actor=agent,
            draft=NewTicket(description="手机无法开机", channel="wechat", customer_id=customer.pk),
        )


def sent() -> list[Message]:
    pump()
    return list(Message.objects.order_by("pk"))


def test_the_customer_is_told_the_ticket_was_received_by_sms(ticket, customer):
    (message,) = sent()

    assert (message.template_event, message.channel, message.recipient) == (
        "ticket.received",
        "sms",
        "+8613912345678",
    )
    assert message.customer_id == customer.pk
    assert message.language == "zh-hans"
    assert message.subject == f"【Kefu】您的售后工单{ticket.number}已受理"
    assert message.body.startswith(f"王伟您好，您的问题我们已经收到，工单号{ticket.number}")


def test_a_customer_without_a_mobile_gets_email_and_one_without_either_gets_nothing(
    statutory_calendar, agent, team
):
    by_mail = CustomerFactory(team=team, phone="", email="li@example.cn")
    unreachable = CustomerFactory(team=team, phone="", email="")

    for customer in (by_mail, unreachable):
        open_ticket(
            actor=agent,
            draft=NewTicket(description="发票开错了", channel="web", customer_id=customer.pk),
        )

    assert [(m.channel, m.recipient) for m in sent()] == [("email", "li@example.cn")]


def test_each_step_of_a_repair_is_announced_with_its_label(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)
    with time_machine.travel(at(2026, 3, 9, 11, 0), tick=False):
        promise_resolution(actor=agent, ticket=ticket)
    (repair,) = offer_solutions(actor=agent, ticket=ticket, options=[SolutionOption("free_repair")])
    record_customer_choice(actor=agent, ticket=ticket, solution_id=repair.pk)
    for step in ("item_received", "inspected"):
        record_solution_progress(actor=agent, ticket=ticket, solution_id=repair.pk, step=step)

    messages = sent()

    assert [m.template_event for m in messages] == [
        "ticket.received",
        "ticket.progress",
        "ticket.solution_offered",
        "ticket.progress",
        "ticket.progress",
    ]
    assert messages[1].subject == f"【Kefu】工单{ticket.number}进度：我们正在处理您的问题"
    assert "免费维修" in messages[2].body
    assert messages[3].subject.endswith("进度：已收到商品")
    assert messages[4].subject.endswith("进度：已检测，正在维修")
    assert "预计2026-03-10 11:00可以完成维修" in messages[4].body


def test_a_delay_tells_the_reason_the_extra_time_and_the_compensation(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        promise_resolution(actor=agent, ticket=ticket)
    with time_machine.travel(at(2026, 3, 10, 12, 0), tick=False):
        announce_delay(
            actor=agent,
            ticket=ticket,
            notice=DelayNotice(
                reason="配件短缺", until=at(2026, 3, 11, 16, 0), compensation_fen=5000
            ),
        )

    (delayed,) = [m for m in sent() if m.template_event == "ticket.delayed"]

    assert "由于配件短缺，维修时间需延长1天，我们会给您补偿50元优惠券" in delayed.body


def test_escalation_and_resolution_are_announced(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        escalate_ticket(actor=agent, ticket=ticket, target="supervisor", reason="客户要求赔偿")
    start_diagnosis(actor=agent, ticket=ticket)
    resolve_ticket(actor=agent, ticket=ticket)

    messages = sent()

    assert "会在2026-03-09 16:10前给您回复" in messages[1].body
    assert messages[-1].template_event == "ticket.resolved"
    assert "这样处理您是否满意" in messages[-1].body


def test_a_hand_over_to_tech_support_is_not_announced(ticket, agent):
    escalate_ticket(actor=agent, ticket=ticket, target="tech_support", reason="疑似主板故障")

    assert [m.template_event for m in sent()] == ["ticket.received"]


def test_running_the_handlers_again_sends_nothing_twice(ticket):
    sent()
    from kefu.core.models import Delivery

    Delivery.objects.update(status="pending")

    assert len(sent()) == 1


def test_ticket_events_have_labels_on_the_customer_timeline():
    assert label_for("ticket.merged", {"number": "T1", "into": "T2"}) == (
        "Ticket T1 merged into T2"
    )
