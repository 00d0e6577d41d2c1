"""The dashboard's figures equal a brute-force recount in Python over the tickets themselves,
and the figures follow the tickets through their events (Y-01)."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import timedelta

import pytest

from kefu.analytics.durations import DIMENSIONS, figures, figures_and_total
from kefu.analytics.facts import UNRESOLVED, rebuild_ticket_facts
from kefu.analytics.handlers import refresh_ticket
from kefu.analytics.models import TicketFact
from kefu.core.models import Event
from kefu.tickets.models import Ticket
from tests.analytics.conftest import MARCH, at, ticket

pytestmark = [pytest.mark.req("Y-01"), pytest.mark.django_db]

CHANNELS = ("web", "wechat", "phone", "email")
CATEGORIES = ("product_quality", "service_process", "customer_usage", "")
STATUSES = ("new", "in_progress", "resolved", "closed", "closed")
ATTRIBUTE = {
    "channel": "channel",
    "team": "team_id",
    "agent": "assignee_id",
    "category": "category",
}


@pytest.fixture
def many(team, other_team, agent, teammate, other_team_agent):
    """Sixty tickets over March with random channels, people, categories and times."""
    rng = random.Random(20260301)
    people = [(team, agent), (team, teammate), (other_team, other_team_agent), (other_team, None)]
    for n in range(60):
        who_team, who = rng.choice(people)
        ticket(
            at(2026, 3, 1 + n % 31, 8) + timedelta(minutes=rng.randrange(600)),
            reply=rng.choice([None, *[seconds / 60 for seconds in range(30, 12000, 7)]]),
            resolved=rng.choice([None, *[h / 4 for h in range(1, 400)]]),
            channel=rng.choice(CHANNELS),
            category=rng.choice(CATEGORIES),
            team=who_team,
            assignee=who,
            status=rng.choice(STATUSES),
        )
    rebuild_ticket_facts()


def nearest_rank(values: list[int], p: int) -> int | None:
    ordered = sorted(values)
    return ordered[math.ceil(p * len(ordered) / 100) - 1] if ordered else None


def recount(by: str) -> dict[object, tuple]:
    """Every figure of every group, counted one ticket at a time."""
    since, until = MARCH.bounds()
    groups: dict[object, list[Ticket]] = defaultdict(list)
    for t in Ticket.objects.filter(created_at__gte=since, created_at__lt=until):
        groups[getattr(t, ATTRIBUTE[by])].append(t)
    result = {}
    for key, tickets in groups.items():
        replies = [
            round((t.first_responded_at - t.created_at).total_seconds()) // 60
            for t in tickets
            if t.first_responded_at
        ]
        fixes = [
            round((t.resolved_at - t.created_at).total_seconds()) // 60
            for t in tickets
            if t.resolved_at
        ]
        result[key] = (
            len(tickets),
            sum(t.status in UNRESOLVED for t in tickets),
            len(replies),
            nearest_rank(replies, 50),
            nearest_rank(replies, 90),
            len(fixes),
            nearest_rank(fixes, 50),
            nearest_rank(fixes, 90),
        )
    return result


@pytest.mark.parametrize("by", DIMENSIONS)
def test_every_figure_equals_a_recount_of_the_tickets(many, by):
    since, until = MARCH.bounds()
    counted = {
        f.key: (
            f.tickets,
            f.unresolved,
            f.responded,
            f.response_median,
            f.response_p90,
            f.resolved,
            f.resolution_median,
            f.resolution_p90,
        )
        for f in figures(since, until, by=by, team_id=None)
    }

    assert counted == recount(by)
    assert sum(line[0] for line in counted.values()) == 60
    # The total that comes with a grouping equals the total asked alone.
    assert (
        figures_and_total(since, until, by=by, team_id=None)[1]
        == figures(since, until, by=None, team_id=None)[0]
    )


def test_the_figures_follow_a_ticket_through_its_events(team, agent):
    received = ticket(at(2026, 3, 2, 9), channel="web", team=team, status="new")
    event = Event(
        name="ticket.received", subject_type="tickets.ticket", subject_id=str(received.pk)
    )
    refresh_ticket(event)
    before = TicketFact.objects.get(ticket_id=received.pk)

    Ticket.objects.filter(pk=received.pk).update(
        status="resolved",
        assignee=agent,
        first_responded_at=at(2026, 3, 2, 9, 25),
        resolved_at=at(2026, 3, 2, 12),
    )
    refresh_ticket(
        Event(name="ticket.resolved", subject_type="tickets.ticket", subject_id=str(received.pk))
    )
    after = TicketFact.objects.get(ticket_id=received.pk)

    assert (before.unresolved, before.response_seconds, before.agent_id) == (True, None, None)
    assert (after.unresolved, after.response_seconds, after.resolution_seconds, after.agent_id) == (
        False,
        1500,
        10800,
        agent.pk,
    )


def test_a_merged_ticket_drops_out_of_the_figures(march):
    duplicate = march["T2"]
    Ticket.objects.filter(pk=duplicate.pk).update(status="merged", merged_into=march["T1"])

    refresh_ticket(
        Event(name="ticket.merged", subject_type="tickets.ticket", subject_id=str(duplicate.pk))
    )

    assert not TicketFact.objects.filter(ticket_id=duplicate.pk).exists()
    assert not TicketFact.objects.filter(ticket_id=march["T6"].pk).exists()
    assert TicketFact.objects.count() == 8


def test_the_handlers_run_from_the_outbox_after_a_real_event(team):
    from kefu.core.events import pump, record_event

    received = ticket(at(2026, 3, 2, 9), reply=12, channel="phone", team=team, status="new")
    record_event("ticket.received", subject=received, payload={"number": received.number})
    pump()

    assert TicketFact.objects.get(ticket_id=received.pk).response_seconds == 720
