"""Answering (the first reply meets the deadline, A-01) and who works the ticket (P-01)."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Role
from kefu.sla.models import Deadline
from kefu.tickets.models import Ticket
from kefu.tickets.services import (
    NewTicket,
    assign_ticket,
    auto_assign_ticket,
    open_ticket,
    record_customer_message,
    reply_to_ticket,
)
from tests.conftest import make_user
from tests.tickets.conftest import at, events
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("A-01")


@pytest.fixture
def ticket(statutory_calendar, agent, customer):
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        return open_ticket(
            actor=agent,
            draft=NewTicket(
                description="耳机左耳没有声音", channel="wechat", customer_id=customer.pk
            ),
        )


def first_response(ticket: Ticket) -> Deadline:
    return Deadline.objects.for_subject(ticket).get(kind="ticket.online.first_response")


def test_the_first_reply_meets_the_deadline_greets_and_starts_diagnosis(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 10, 20), tick=False):
        message = reply_to_ticket(
            actor=agent, ticket=ticket, body="您好，很高兴为您服务，请问有什么可以帮到您？"
        )

    ticket.refresh_from_db()
    assert message.direction == "outbound"
    assert message.channel == "wechat"
    assert ticket.first_responded_at == at(2026, 3, 9, 10, 20)
    assert ticket.status == "diagnosing"
    deadline = first_response(ticket)
    assert (deadline.met_at, deadline.breached_at) == (at(2026, 3, 9, 10, 20), None)
    assert ticket.next_due_at is None
    assert events("ticket.progress")[0].payload == {"number": ticket.number, "step": "diagnosing"}


def test_a_late_first_reply_is_recorded_as_breached(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 11, 30), tick=False):
        reply_to_ticket(actor=agent, ticket=ticket, body="抱歉久等了")

    deadline = first_response(ticket)
    assert deadline.met_at == at(2026, 3, 9, 11, 30)
    assert deadline.breached_at == at(2026, 3, 9, 11, 0)


def test_an_internal_note_meets_nothing(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 10, 20), tick=False):
        note = reply_to_ticket(actor=agent, ticket=ticket, body="先查物流", internal=True)

    ticket.refresh_from_db()
    assert note.direction == "internal"
    assert ticket.status == "new"
    assert ticket.first_responded_at is None
    assert first_response(ticket).met_at is None
    assert ticket.next_due_at == at(2026, 3, 9, 11, 0)


def test_an_empty_reply_is_refused(ticket, agent):
    with pytest.raises(InvalidInput) as refused:
        reply_to_ticket(actor=agent, ticket=ticket, body="   ")

    assert refused.value.fields == {"body": "This field is required."}
    assert ticket.messages.count() == 0


@pytest.mark.req("P-01")
def test_an_agent_of_another_team_cannot_reply_and_nothing_is_recorded(ticket, other_team_agent):
    before = len(events())

    with pytest.raises(Forbidden):
        reply_to_ticket(actor=other_team_agent, ticket=ticket, body="您好")

    assert ticket.messages.count() == 0
    assert first_response(ticket).met_at is None
    assert len(events()) == before


@pytest.mark.req("A-03")
def test_angry_words_from_the_customer_make_the_ticket_urgent(ticket, agent):
    record_customer_message(actor=agent, ticket=ticket, body="你们太差了，我要曝光！")

    ticket.refresh_from_db()
    assert (ticket.agitated, ticket.urgent) == (True, True)
    assert events("ticket.customer_wrote")[0].payload["cues"] == ["曝光", "太差"]


# --- assignment --------------------------------------------------------------------------


@pytest.mark.req("P-01")
def test_an_agent_takes_a_ticket_and_its_deadline_follows(ticket, agent, teammate):
    assign_ticket(actor=agent, ticket=ticket, assignee=teammate)

    ticket.refresh_from_db()
    assert ticket.assignee == teammate
    assert first_response(ticket).owner == teammate
    assert events("ticket.assigned")[0].payload == {
        "number": ticket.number,
        "assignee_id": teammate.pk,
        "team_id": ticket.team_id,
        "automatic": False,
    }


@pytest.mark.req("P-01")
def test_an_agent_cannot_hand_a_ticket_to_another_team(ticket, agent, other_team_agent):
    with pytest.raises(Forbidden) as refused:
        assign_ticket(actor=agent, ticket=ticket, assignee=other_team_agent)

    ticket.refresh_from_db()
    assert refused.value.code == "assign_outside_team"
    assert ticket.assignee is None
    assert events("ticket.assigned") == []


@pytest.mark.req("P-01")
def test_a_supervisor_moves_a_ticket_to_another_team(ticket, supervisor, other_team_agent):
    assign_ticket(actor=supervisor, ticket=ticket, assignee=other_team_agent)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.team) == (other_team_agent, other_team_agent.team)
    assert first_response(ticket).team == other_team_agent.team


def test_a_stale_version_is_refused(ticket, agent, teammate):
    with pytest.raises(Conflict) as refused:
        assign_ticket(actor=agent, ticket=ticket, assignee=teammate, version=ticket.version - 1)

    assert refused.value.code == "stale_version"
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


@pytest.mark.req("P-01")
def test_auto_assignment_picks_the_least_loaded_then_the_longest_idle(team, supervisor, customer):
    busy, idle_long, idle_short = (
        make_user(n, Role.AGENT, team) for n in ("busy", "idle_long", "idle_short")
    )
    TicketFactory(team=team, assignee=busy, status="diagnosing", customer=customer)
    TicketFactory(
        team=team,
        assignee=idle_long,
        status="closed",
        customer=customer,
        assigned_at=at(2026, 3, 1, 9, 0),
    )
    TicketFactory(
        team=team,
        assignee=idle_short,
        status="closed",
        customer=customer,
        assigned_at=at(2026, 3, 5, 9, 0),
    )
    new = TicketFactory(team=team, customer=customer)

    auto_assign_ticket(actor=supervisor, ticket=new)

    new.refresh_from_db()
    assert new.assignee == idle_long
    assert events("ticket.assigned")[0].payload["automatic"] is True


def test_auto_assignment_without_agents_is_refused(other_team, supervisor, customer):
    ticket = TicketFactory(team=other_team, customer=customer)

    with pytest.raises(Conflict) as refused:
        auto_assign_ticket(actor=supervisor, ticket=ticket)

    assert refused.value.code == "no_agent_available"


def test_agents_do_not_auto_assign(ticket, agent):
    with pytest.raises(Forbidden):
        auto_assign_ticket(actor=agent, ticket=ticket)

    assert Ticket.objects.get(pk=ticket.pk).assignee is None
