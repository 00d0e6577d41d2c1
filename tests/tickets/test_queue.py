"""The ticket queue (P-01 scoping, A-01 deadlines): who sees what, soonest deadline first."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.core.errors import InvalidInput, NotFound
from kefu.tickets import queries
from kefu.tickets.queries import queue_cursor, ticket_queue
from tests.tickets.conftest import at
from tests.tickets.factories import EscalationFactory, TicketFactory

pytestmark = pytest.mark.req("P-01")


@pytest.fixture
def tickets(team, other_team, customer, agent, tech_support):
    """Four open tickets of two teams with deadlines at 11:00, 10:30, none, 12:00."""
    return {
        "later": TicketFactory(team=team, customer=customer, next_due_at=at(2026, 3, 9, 11, 0)),
        "sooner": TicketFactory(
            team=team, customer=customer, assignee=agent, next_due_at=at(2026, 3, 9, 10, 30)
        ),
        "no_deadline": TicketFactory(team=team, customer=customer, status="in_progress"),
        "other_team": TicketFactory(
            team=other_team, customer=customer, next_due_at=at(2026, 3, 9, 12, 0)
        ),
        "closed": TicketFactory(team=team, customer=customer, status="closed"),
    }


def numbers(qs) -> list[str]:
    return [t.number for t in qs]


def test_an_agent_sees_their_teams_open_tickets_soonest_deadline_first(tickets, agent):
    assert list(ticket_queue(agent)) == [
        tickets["sooner"],
        tickets["later"],
        tickets["no_deadline"],
    ]


def test_a_supervisor_sees_every_team(tickets, supervisor):
    assert list(ticket_queue(supervisor)) == [
        tickets["sooner"],
        tickets["later"],
        tickets["other_team"],
        tickets["no_deadline"],
    ]


def test_an_agent_also_sees_tickets_assigned_to_them_in_another_team(tickets, other_team_agent):
    tickets["later"].assignee = other_team_agent
    tickets["later"].save()

    assert list(ticket_queue(other_team_agent)) == [tickets["later"], tickets["other_team"]]


def test_tech_support_sees_only_what_is_escalated_to_them_or_assigned(tickets, tech_support):
    assert list(ticket_queue(tech_support)) == []

    EscalationFactory(ticket=tickets["other_team"], target="tech_support")
    EscalationFactory(ticket=tickets["later"], target="supervisor")
    tickets["no_deadline"].assignee = tech_support
    tickets["no_deadline"].save()

    assert list(ticket_queue(tech_support)) == [tickets["other_team"], tickets["no_deadline"]]


def test_filters_mine_unassigned_status_and_category(tickets, agent):
    tickets["later"].category = "customer_usage"
    tickets["later"].save()

    assert list(ticket_queue(agent, mine=True)) == [tickets["sooner"]]
    assert list(ticket_queue(agent, unassigned=True)) == [tickets["later"], tickets["no_deadline"]]
    assert list(ticket_queue(agent, status="closed")) == [tickets["closed"]]
    assert len(ticket_queue(agent, status="all")) == 4
    assert list(ticket_queue(agent, category="customer_usage")) == [tickets["later"]]


def test_breaching_within_keeps_tickets_due_soon_or_overdue(tickets, supervisor):
    with time_machine.travel(at(2026, 3, 9, 10, 45), tick=False):
        soon = ticket_queue(supervisor, breaching_within=timedelta(minutes=30))

        assert list(soon) == [tickets["sooner"], tickets["later"]]


def test_the_queue_pages_by_cursor(tickets, supervisor):
    first = list(ticket_queue(supervisor)[:2])
    rest = ticket_queue(supervisor, after=queue_cursor(first[-1]))
    last = ticket_queue(supervisor, after=queue_cursor(tickets["no_deadline"]))

    assert list(rest) == [tickets["other_team"], tickets["no_deadline"]]
    assert list(last) == []


def test_bad_filters_are_refused(supervisor):
    for kwargs in ({"status": "lost"}, {"category": "weather"}, {"after": "yesterday"}):
        with pytest.raises(InvalidInput):
            ticket_queue(supervisor, **kwargs)


def test_the_queue_reads_in_one_query(tickets, supervisor):
    with CaptureQueriesContext(connection) as captured:
        rows = list(ticket_queue(supervisor))
        [(t.customer.name, t.team, t.assignee) for t in rows]

    assert len(captured) == 1


def test_a_ticket_the_agent_cannot_see_is_not_found(tickets, agent):
    with pytest.raises(NotFound):
        queries.ticket_detail(agent, tickets["other_team"].number)
    assert queries.ticket_detail(agent, tickets["later"].number.lower()) == tickets["later"]
