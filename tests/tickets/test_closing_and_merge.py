"""The end of a ticket: resolve, satisfaction, close, reopen; the six steps (A-08); merging."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.sla.models import Deadline
from kefu.tickets import queries
from kefu.tickets.models import Attachment, Ticket, TicketMessage
from kefu.tickets.services import (
    NewTicket,
    SolutionOption,
    add_attachment,
    close_ticket,
    confirm_satisfaction,
    merge_tickets,
    offer_solutions,
    open_ticket,
    record_customer_choice,
    record_solution_progress,
    reopen_ticket,
    reply_to_ticket,
    resolve_ticket,
)
from tests.customers.factories import CustomerFactory
from tests.tickets.conftest import at, events, png
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("A-08")


def steps(ticket: Ticket) -> dict[str, str]:
    return {s.code: s.state for s in queries.six_steps(Ticket.objects.get(pk=ticket.pk))}


def test_a_ticket_walks_the_six_steps_to_the_farewell(statutory_calendar, agent, customer):
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        ticket = open_ticket(
            actor=agent,
            draft=NewTicket(description="扫地机器人不充电", channel="app", customer_id=customer.pk),
        )
    assert steps(ticket) == {
        "greet": "current",
        "diagnose": "todo",
        "offer": "todo",
        "execute": "todo",
        "confirm": "todo",
        "close": "todo",
    }

    reply_to_ticket(actor=agent, ticket=ticket, body="您好，很高兴为您服务")
    assert steps(ticket)["diagnose"] == "current"

    (repair,) = offer_solutions(actor=agent, ticket=ticket, options=[SolutionOption("free_repair")])
    assert steps(ticket)["offer"] == "current"
    record_customer_choice(actor=agent, ticket=ticket, solution_id=repair.pk)
    assert steps(ticket)["execute"] == "current"
    for step in repair.steps:
        record_solution_progress(actor=agent, ticket=ticket, solution_id=repair.pk, step=step)

    with time_machine.travel(at(2026, 3, 12, 10, 0), tick=False):
        resolve_ticket(actor=agent, ticket=ticket, resolution="更换充电模块")
    assert steps(ticket)["confirm"] == "current"
    confirm_satisfaction(actor=agent, ticket=ticket, satisfied=True, note="客户表示满意")
    assert steps(ticket)["close"] == "current"
    with time_machine.travel(at(2026, 3, 12, 10, 5), tick=False):
        close_ticket(actor=agent, ticket=ticket)

    ticket.refresh_from_db()
    assert set(steps(ticket).values()) == {"done"}
    assert (ticket.status, ticket.resolved_at, ticket.closed_at) == (
        "closed",
        at(2026, 3, 12, 10, 0),
        at(2026, 3, 12, 10, 5),
    )
    assert (ticket.satisfaction_confirmed, ticket.satisfaction_note) == (True, "客户表示满意")
    assert ticket.next_due_at is None
    assert Deadline.objects.for_subject(ticket).filter(met_at__isnull=True).count() == 0
    assert [e.name for e in events()].count("ticket.resolved") == 1


def test_a_usage_question_is_resolved_from_diagnosis_and_skips_the_remedy(agent, team, customer):
    ticket = TicketFactory(
        team=team, customer=customer, status="diagnosing", category="customer_usage"
    )

    resolve_ticket(actor=agent, ticket=ticket, resolution="已发送图文教程")

    assert steps(ticket) == {
        "greet": "done",
        "diagnose": "done",
        "offer": "skipped",
        "execute": "skipped",
        "confirm": "current",
        "close": "todo",
    }


def test_closing_asks_for_satisfaction_first(agent, team, customer):
    ticket = TicketFactory(team=team, customer=customer, status="resolved")

    with pytest.raises(Conflict) as refused:
        close_ticket(actor=agent, ticket=ticket)

    assert refused.value.code == "satisfaction_not_asked"
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"
    assert "close" not in queries.allowed_actions(agent, ticket)


def test_a_customer_who_does_not_answer_still_lets_the_ticket_close(agent, team, customer):
    ticket = TicketFactory(team=team, customer=customer, status="resolved")

    confirm_satisfaction(actor=agent, ticket=ticket, satisfied=None, note="两次回访未接")
    close_ticket(actor=agent, ticket=ticket)

    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction_confirmed) == ("closed", None)


def test_an_unsatisfied_customer_is_closed_only_by_a_supervisor(agent, supervisor, team, customer):
    ticket = TicketFactory(team=team, customer=customer, status="resolved")
    confirm_satisfaction(actor=agent, ticket=ticket, satisfied=False, note="仍有杂音")
    ticket.refresh_from_db()

    with pytest.raises(Forbidden) as refused:
        close_ticket(actor=agent, ticket=ticket)
    assert refused.value.code == "customer_not_satisfied"
    assert "close" not in queries.allowed_actions(agent, ticket)
    assert "close" in queries.allowed_actions(supervisor, ticket)

    close_ticket(actor=supervisor, ticket=ticket)
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"


def test_reopening_clears_the_answer_and_keeps_the_reason(agent, team, customer):
    ticket = TicketFactory(team=team, customer=customer, status="resolved")
    confirm_satisfaction(actor=agent, ticket=ticket, satisfied=False)

    reopen_ticket(actor=agent, ticket=ticket, reason="客户反馈问题复现")

    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction_asked_at, ticket.resolved_at) == (
        "diagnosing",
        None,
        None,
    )
    assert ticket.messages.get().body == "客户反馈问题复现"
    assert steps(ticket)["diagnose"] == "current"


def test_a_closed_ticket_is_reopened_by_a_supervisor_only(agent, supervisor, team, customer):
    ticket = TicketFactory(team=team, customer=customer, status="closed")

    with pytest.raises(Forbidden):
        reopen_ticket(actor=agent, ticket=ticket, reason="客户再次来电")
    reopen_ticket(actor=supervisor, ticket=ticket, reason="客户再次来电")

    assert Ticket.objects.get(pk=ticket.pk).status == "diagnosing"


# --- merging duplicates ------------------------------------------------------------------


def test_a_duplicate_is_merged_with_its_messages_and_files(
    statutory_calendar, agent, team, customer
):
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        keep = open_ticket(
            actor=agent,
            draft=NewTicket(description="手机无法开机", channel="wechat", customer_id=customer.pk),
        )
        duplicate = open_ticket(
            actor=agent,
            draft=NewTicket(description="手机开不了机，急", channel="app", customer_id=customer.pk),
        )
    reply_to_ticket(actor=agent, ticket=duplicate, body="请提供照片", internal=True)
    add_attachment(actor=agent, ticket=duplicate, upload=png())

    kept = merge_tickets(actor=agent, duplicate=duplicate, keep=keep)

    duplicate.refresh_from_db()
    assert kept == keep
    assert (duplicate.status, duplicate.merged_into, duplicate.next_due_at) == (
        "merged",
        keep,
        None,
    )
    assert Attachment.objects.get().ticket == keep
    assert [m.body for m in keep.messages.order_by("pk")] == [
        "请提供照片",
        f"Merged from {duplicate.number}: 手机开不了机，急",
    ]
    assert TicketMessage.objects.filter(ticket=duplicate).count() == 0
    assert events("ticket.merged")[0].payload == {
        "number": duplicate.number,
        "into": keep.number,
        "messages": 1,
        "attachments": 1,
    }
    assert steps(duplicate)["close"] == "done"


def test_tickets_of_two_customers_are_not_merged(agent, team, customer):
    one = TicketFactory(team=team, customer=customer)
    other = TicketFactory(team=team, customer=CustomerFactory(team=team))

    with pytest.raises(InvalidInput) as refused:
        merge_tickets(actor=agent, duplicate=one, keep=other)

    assert refused.value.code == "merge_target"
    assert Ticket.objects.get(pk=one.pk).status == "new"


def test_merging_into_a_closed_ticket_is_refused_and_nothing_moves(agent, team, customer):
    closed = TicketFactory(team=team, customer=customer, status="closed")
    duplicate = TicketFactory(team=team, customer=customer)
    reply_to_ticket(actor=agent, ticket=duplicate, body="备注", internal=True)

    with pytest.raises(Conflict) as refused:
        merge_tickets(actor=agent, duplicate=duplicate, keep=closed)

    assert refused.value.code == "illegal_transition"
    assert Ticket.objects.get(pk=duplicate.pk).status == "new"
    assert TicketMessage.objects.get().ticket == duplicate


def test_merging_into_a_ticket_the_agent_cannot_see_is_refused(
    agent, other_team_agent, customer, team, other_team
):
    hidden = TicketFactory(team=other_team, customer=customer)
    duplicate = TicketFactory(team=team, customer=customer)

    with pytest.raises(Forbidden):
        merge_tickets(actor=agent, duplicate=duplicate, keep=hidden)

    assert Ticket.objects.get(pk=duplicate.pk).status == "new"
    assert events() == []
