"""The queue page: each filter gives the right rows, soonest deadline first, cursor paging,
htmx partials, and "take" from a row (A-01..A-03, P-01)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.core.models import Event
from kefu.tickets.models import Ticket
from kefu.tickets.page_queries import QUEUE_PAGE
from tests.conftest import client_for
from tests.tickets.conftest import at
from tests.tickets.factories import TicketFactory

pytestmark = [pytest.mark.req("A-01", "A-03", "P-01")]
NOW = at(2026, 3, 9, 10, 0)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tickets(team, other_team, customer, agent, teammate):
    """Open tickets of two teams (overdue, warned, later, nothing due) and a closed one."""
    make = TicketFactory
    return {
        "overdue": make(
            team=team,
            customer=customer,
            assignee=agent,
            next_due_at=NOW - timedelta(minutes=20),
            category="product_quality",
        ),
        "warned": make(
            team=team, customer=customer, next_due_at=NOW + timedelta(minutes=5), agitated=True
        ),
        "later": make(
            team=team,
            customer=customer,
            assignee=teammate,
            next_due_at=NOW + timedelta(hours=3),
            status="diagnosing",
            category="customer_usage",
        ),
        "idle": make(team=team, customer=customer, status="in_progress"),
        "other_team": make(
            team=other_team, customer=customer, next_due_at=NOW + timedelta(hours=1)
        ),
        "closed": make(team=team, customer=customer, status="closed"),
    }


def english(user):
    """A client of ``user`` who chose English (the desk opens in Chinese otherwise)."""
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def rows(response) -> list[str]:
    return re.findall(r'<tr data-ticket="(T\d+)"', response.content.decode())


def names(tickets, *keys) -> list[str]:
    return [tickets[k].number for k in keys]


def test_the_queue_lists_the_agents_open_tickets_soonest_deadline_first(tickets, agent):
    response = client_for(agent).get("/tickets/")

    assert response.status_code == 200
    assert rows(response) == names(tickets, "overdue", "warned", "later", "idle")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scope=mine", ["overdue"]),
        ("scope=team", ["overdue", "warned", "later", "idle"]),
        ("scope=unassigned", ["warned", "idle"]),
        ("breaching=on", ["overdue", "warned"]),
        ("status=diagnosing", ["later"]),
        ("status=all", ["overdue", "warned", "later", "idle", "closed"]),
        ("category=customer_usage", ["later"]),
        ("scope=unassigned&breaching=on", ["warned"]),
    ],
)
def test_each_filter_returns_the_right_rows(tickets, agent, query, expected):
    response = client_for(agent).get(f"/tickets/?{query}")

    assert response.status_code == 200
    assert rows(response) == names(tickets, *expected)


def test_a_supervisor_filters_by_team(tickets, supervisor, other_team):
    response = client_for(supervisor).get(f"/tickets/?team={other_team.pk}")

    assert rows(response) == names(tickets, "other_team")


def test_rows_show_overdue_and_warned_time_left_agitation_and_priority(tickets, agent):
    html = english(agent).get("/tickets/").content.decode()

    overdue = html.split(f'data-ticket="{tickets["overdue"].number}"')[1].split("</tr>")[0]
    warned = html.split(f'data-ticket="{tickets["warned"].number}"')[1].split("</tr>")[0]
    assert 'data-urgency="overdue"' in overdue
    assert "20 minutes overdue" in overdue
    assert 'data-urgency="warned"' in warned
    assert "5 minutes left" in warned
    assert 'data-testid="agitated"' in warned
    assert ">P4<" in warned
    assert 'data-testid="take"' in warned  # unassigned: can be taken
    assert 'data-testid="take"' not in overdue


def test_an_unknown_status_is_shown_in_place_not_a_500(tickets, agent):
    response = english(agent).get("/tickets/?status=lost")

    assert response.status_code == 422
    assert "Unknown status." in response.content.decode()
    assert rows(response) == []


def test_htmx_filter_requests_get_only_the_rows(tickets, agent):
    response = client_for(agent).get("/tickets/?scope=mine", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert rows(response) == names(tickets, "overdue")
    assert "<html" not in html
    assert 'id="queue-rows"' not in html


def test_the_queue_pages_by_cursor_without_counting(team, customer, agent):
    made = [
        TicketFactory(team=team, customer=customer, next_due_at=NOW + timedelta(minutes=i + 1))
        for i in range(QUEUE_PAGE + 5)
    ]
    client = client_for(agent)
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/tickets/")
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert rows(first) == [t.number for t in made[:QUEUE_PAGE]]
    cursor = re.search(r'after=([^"&]+)"', first.content.decode()).group(1)

    second = client.get(f"/tickets/?after={cursor}", HTTP_HX_REQUEST="true")

    assert rows(second) == [t.number for t in made[QUEUE_PAGE:]]
    assert 'data-testid="queue-more"' not in second.content.decode()


def test_another_teams_agent_does_not_see_the_ticket(tickets, other_team_agent):
    response = client_for(other_team_agent).get("/tickets/")

    assert rows(response) == names(tickets, "other_team")


def test_taking_a_ticket_from_the_queue_returns_its_row_assigned_to_me(tickets, agent):
    ticket = tickets["warned"]

    response = client_for(agent).post(
        f"/tickets/{ticket.number}/take/", {"version": ticket.version}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert rows(response) == [ticket.number]
    assert 'data-testid="take"' not in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert Event.objects.filter(name="ticket.assigned").count() == 1


def test_taking_a_ticket_someone_changed_meanwhile_says_so_in_the_row(tickets, agent):
    ticket = tickets["warned"]
    Ticket.objects.filter(pk=ticket.pk).update(version=ticket.version + 1)

    response = client_for(agent).post(
        f"/tickets/{ticket.number}/take/", {"version": ticket.version}, HTTP_HX_REQUEST="true"
    )

    assert "其他人修改了该工单" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert not Event.objects.filter(name="ticket.assigned").exists()


def test_tech_support_cannot_take_a_ticket_and_nothing_changes(tickets, tech_support):
    ticket = tickets["warned"]
    ticket.assignee = tech_support
    ticket.save()

    response = client_for(tech_support).post(f"/tickets/{ticket.number}/take/", {})

    assert response.status_code == 302  # back to the ticket with the refusal as a message
    ticket.refresh_from_db()
    assert ticket.assignee == tech_support
    assert not Event.objects.filter(name="ticket.assigned").exists()


def test_the_queue_needs_a_login(tickets, client):
    assert client.get("/tickets/").status_code == 302
