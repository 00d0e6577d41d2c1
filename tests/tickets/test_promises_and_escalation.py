"""Promised resolution time (A-06), delay notices (A-07) and escalation in 10 minutes (A-09)."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.sla.models import Deadline
from kefu.sla.services import scan_deadlines
from kefu.tickets import queries
from kefu.tickets.models import Delay, Escalation, Ticket
from kefu.tickets.services import (
    DelayNotice,
    announce_delay,
    answer_escalation,
    escalate_ticket,
    promise_resolution,
)
from tests.tickets.conftest import at, events
from tests.tickets.factories import TicketFactory


@pytest.fixture
def ticket(statutory_calendar, team, customer, agent):
    return TicketFactory(team=team, customer=customer, assignee=agent, status="diagnosing")


def promised(ticket: Ticket) -> list[Deadline]:
    return list(
        Deadline.objects.for_subject(ticket)
        .filter(kind="ticket.promised_resolution")
        .order_by("pk")
    )


@pytest.mark.req("A-06")
def test_a_24_hour_promise_becomes_a_deadline(ticket, agent):
    # 您的问题需要技术部门检测，24小时内给您回复.
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        promise_resolution(actor=agent, ticket=ticket)

    ticket.refresh_from_db()
    (deadline,) = promised(ticket)
    assert deadline.due_at == at(2026, 3, 10, 16, 0)
    assert deadline.warn_at == at(2026, 3, 10, 14, 0)
    assert deadline.owner == agent
    assert ticket.promised_resolution_at == at(2026, 3, 10, 16, 0)
    assert ticket.next_due_at == at(2026, 3, 10, 16, 0)
    assert events("ticket.promised")[0].payload["eta"] == "2026-03-10T08:00:00+00:00"


@pytest.mark.req("A-06")
def test_an_agent_promises_a_time_of_their_choosing(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        promise_resolution(actor=agent, ticket=ticket, until=at(2026, 3, 11, 15, 0))

    (deadline,) = promised(ticket)
    assert (deadline.due_at, deadline.warn_at) == (at(2026, 3, 11, 15, 0), at(2026, 3, 11, 13, 0))


@pytest.mark.req("A-06")
def test_a_promise_in_the_past_or_a_second_promise_is_refused(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        with pytest.raises(InvalidInput) as past:
            promise_resolution(actor=agent, ticket=ticket, until=at(2026, 3, 9, 15, 0))
        promise_resolution(actor=agent, ticket=ticket)
        with pytest.raises(Conflict) as twice:
            promise_resolution(actor=agent, ticket=ticket)

    assert past.value.code == "time_in_past"
    assert twice.value.code == "already_promised"
    assert len(promised(ticket)) == 1


@pytest.mark.req("A-07")
def test_a_delay_announced_in_time_moves_the_promise_with_compensation(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        promise_resolution(actor=agent, ticket=ticket)
    # 由于配件短缺，维修时间需延长1天，我们会给您补偿50元优惠券.
    with time_machine.travel(at(2026, 3, 10, 12, 0), tick=False):
        delay = announce_delay(
            actor=agent,
            ticket=ticket,
            notice=DelayNotice(
                reason="配件短缺", until=at(2026, 3, 11, 16, 0), compensation_fen=5000
            ),
        )

    ticket.refresh_from_db()
    old, new = promised(ticket)
    assert (old.met_at, old.breached_at) == (at(2026, 3, 10, 12, 0), None)
    assert (new.due_at, new.met_at) == (at(2026, 3, 11, 16, 0), None)
    assert delay.late is False
    assert (delay.previous_due_at, delay.new_due_at) == (
        at(2026, 3, 10, 16, 0),
        at(2026, 3, 11, 16, 0),
    )
    assert delay.compensation_fen == 5000
    assert ticket.promised_resolution_at == at(2026, 3, 11, 16, 0)
    assert ticket.next_due_at == at(2026, 3, 11, 16, 0)
    assert events("ticket.delayed")[0].payload == {
        "number": ticket.number,
        "delay_id": delay.pk,
        "eta": "2026-03-11T08:00:00+00:00",
        "late": False,
        "compensation_fen": 5000,
    }


@pytest.mark.req("A-07")
def test_a_delay_announced_after_the_promise_is_marked_late(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        promise_resolution(actor=agent, ticket=ticket)
    with time_machine.travel(at(2026, 3, 10, 17, 0), tick=False):
        delay = announce_delay(
            actor=agent,
            ticket=ticket,
            notice=DelayNotice(reason="配件短缺", until=at(2026, 3, 12, 16, 0)),
        )

    old, _new = promised(ticket)
    assert delay.late is True
    assert old.breached_at == at(2026, 3, 10, 16, 0)


@pytest.mark.req("A-07")
def test_a_delay_needs_a_promise_a_reason_and_a_later_time(ticket, agent):
    notice = DelayNotice(reason="配件短缺", until=at(2026, 3, 12, 16, 0))
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        with pytest.raises(Conflict) as no_promise:
            announce_delay(actor=agent, ticket=ticket, notice=notice)
        promise_resolution(actor=agent, ticket=ticket)
        with pytest.raises(InvalidInput) as no_reason:
            announce_delay(
                actor=agent,
                ticket=ticket,
                notice=DelayNotice(reason=" ", until=at(2026, 3, 12, 16, 0)),
            )
        with pytest.raises(InvalidInput) as earlier:
            announce_delay(
                actor=agent,
                ticket=ticket,
                notice=DelayNotice(reason="配件短缺", until=at(2026, 3, 10, 10, 0)),
            )

    assert no_promise.value.code == "no_promise"
    assert no_reason.value.fields == {"reason": "This field is required."}
    assert earlier.value.code == "delay_not_later"
    assert Delay.objects.count() == 0
    assert len(promised(ticket)) == 1


@pytest.mark.req("A-09")
def test_an_escalation_must_be_answered_within_10_minutes(ticket, agent, supervisor):
    # 我会立即将您的情况反馈给主管，10分钟内给您回复.
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        escalation = escalate_ticket(
            actor=agent, ticket=ticket, target="supervisor", reason="客户要求额外赔偿"
        )
    deadline = Deadline.objects.for_subject(escalation).get()
    ticket.refresh_from_db()
    assert (deadline.kind, deadline.due_at) == ("ticket.escalation.answer", at(2026, 3, 9, 16, 10))
    assert ticket.next_due_at == at(2026, 3, 9, 16, 10)
    assert queries.answerable_escalations(supervisor, ticket) == [escalation]
    assert queries.answerable_escalations(agent, ticket) == []

    with time_machine.travel(at(2026, 3, 9, 16, 7), tick=False):
        answer_escalation(actor=supervisor, escalation=escalation, answer="同意补偿100元优惠券")

    deadline.refresh_from_db()
    ticket.refresh_from_db()
    assert (deadline.met_at, deadline.breached_at) == (at(2026, 3, 9, 16, 7), None)
    assert ticket.next_due_at is None
    escalation.refresh_from_db()
    assert (escalation.answered_by, escalation.answer) == (supervisor, "同意补偿100元优惠券")


@pytest.mark.req("A-09")
def test_an_unanswered_escalation_is_breached_by_the_scan(ticket, agent, supervisor):
    with time_machine.travel(at(2026, 3, 9, 16, 0), tick=False):
        escalation = escalate_ticket(
            actor=agent, ticket=ticket, target="manager", reason="涉及批量质量问题"
        )
    scan_deadlines(at(2026, 3, 9, 16, 11))

    assert Deadline.objects.for_subject(escalation).get().breached_at == at(2026, 3, 9, 16, 10)
    with pytest.raises(Forbidden):
        answer_escalation(actor=supervisor, escalation=escalation, answer="已处理")


@pytest.mark.req("A-09", "P-01")
def test_an_escalation_to_tech_support_lets_the_engineers_see_and_answer(
    ticket, agent, tech_support, other_team
):
    from kefu.core.models import Role
    from tests.conftest import make_user

    engineer = make_user("engineer", Role.TECH_SUPPORT, other_team)
    assert queries.ticket_queue(engineer).count() == 0

    escalation = escalate_ticket(
        actor=agent, ticket=ticket, target="tech_support", reason="疑似主板故障，需要检测"
    )

    assert list(queries.ticket_queue(engineer)) == [ticket]
    answer_escalation(actor=engineer, escalation=escalation, answer="寄回检测")
    assert Escalation.objects.get().answered_by == engineer


@pytest.mark.req("A-09")
def test_an_escalation_twice_to_the_same_place_or_without_reason_is_refused(ticket, agent):
    escalate_ticket(actor=agent, ticket=ticket, target="supervisor", reason="客户情绪激动")

    with pytest.raises(Conflict) as twice:
        escalate_ticket(actor=agent, ticket=ticket, target="supervisor", reason="再次催促")
    with pytest.raises(InvalidInput) as no_reason:
        escalate_ticket(actor=agent, ticket=ticket, target="manager", reason="")
    with pytest.raises(InvalidInput) as bad_target:
        escalate_ticket(actor=agent, ticket=ticket, target="ceo", reason="客户要求")

    assert twice.value.code == "already_escalated"
    assert no_reason.value.fields == {"reason": "This field is required."}
    assert bad_target.value.fields == {"target": "Not one of the choices."}
    assert Escalation.objects.count() == 1


@pytest.mark.req("A-09", "P-01")
def test_an_agent_of_another_team_cannot_escalate(ticket, other_team_agent):
    with pytest.raises(Forbidden):
        escalate_ticket(
            actor=other_team_agent, ticket=ticket, target="supervisor", reason="客户要求"
        )

    assert Escalation.objects.count() == 0
    assert events() == []
