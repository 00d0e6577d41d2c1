"""Every queue filter of the agent workspace and the API reads an index, and the usual ones get
their order from it (no sort of the team's tickets), on SQLite and PostgreSQL; the full-text
search reads its index too. On PostgreSQL sequential scans and sorts are priced out, so a Seq
Scan or Sort left in the plan means no index can do the job.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection

from kefu.search import backends
from kefu.tickets.queries import queue_count, ticket_queue
from tests.search.conftest import index_tickets
from tests.tickets.factories import TicketFactory


def plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def reads_tickets_by_index(text: str) -> bool:
    if connection.vendor == "postgresql":
        return "Seq Scan on tickets_ticket" not in text and "tickets_ticket" in text
    lines = [line for line in text.splitlines() if re.search(r"\btickets_ticket\b", line)]
    return bool(lines) and all("USING" in line for line in lines)


def sorts(text: str) -> bool:
    if connection.vendor == "postgresql":
        return bool(re.search(r"(^|\s)(Incremental )?Sort\b", text))
    return "TEMP B-TREE FOR ORDER BY" in text


@pytest.fixture
def queue_rows(team, other_team, agent):
    for n in range(3):
        TicketFactory(team=team, assignee=agent if n == 0 else None, category="product_quality")
        TicketFactory(team=other_team, status="closed", queue_due_at=None)


SORTED_BY_INDEX = {
    "supervisor, everything open": ("supervisor", {}),
    "supervisor, a team": ("supervisor", {"team": "team"}),
    "agent, my team": ("agent", {"team": "team"}),
    "agent, mine": ("agent", {"mine": True}),
    "supervisor, unassigned": ("supervisor", {"unassigned": True}),
    "supervisor, breaching soon": ("supervisor", {"breaching_within": timedelta(minutes=15)}),
    "supervisor, one status": ("supervisor", {"status": "diagnosing"}),
    "supervisor, a category": ("supervisor", {"category": "product_quality"}),
    "agent, my team's category": ("agent", {"team": "team", "category": "customer_usage"}),
}
BY_INDEX = {
    **SORTED_BY_INDEX,
    "agent, everything I can see": ("agent", {}),
    "agent, unassigned": ("agent", {"unassigned": True}),
    "agent, breaching soon": ("agent", {"breaching_within": timedelta(minutes=15)}),
    "tech support, everything": ("tech_support", {}),
}


def _queue(request, who: str, filters: dict):
    actor = request.getfixturevalue(who)
    if filters.get("team") == "team":
        filters = {**filters, "team": request.getfixturevalue("team")}
    return ticket_queue(actor, **filters)[:51]


@pytest.mark.parametrize("case", sorted(BY_INDEX))
def test_every_queue_filter_reads_the_tickets_by_an_index(request, queue_rows, case):
    who, filters = BY_INDEX[case]

    assert reads_tickets_by_index(plan(_queue(request, who, filters))), case


@pytest.mark.parametrize("case", sorted(SORTED_BY_INDEX))
def test_the_usual_queues_come_in_deadline_order_from_the_index(request, queue_rows, case):
    who, filters = SORTED_BY_INDEX[case]

    assert not sorts(plan(_queue(request, who, filters))), case


def test_the_count_shown_on_a_page_stops_at_its_cap(supervisor, team, queue_rows):
    for _n in range(4):
        TicketFactory(team=team)

    assert queue_count(supervisor, team=team, cap=5) == (5, True)
    assert queue_count(supervisor, team=team, cap=100) == (7, False)


def test_the_full_text_search_reads_its_index(supervisor):
    index_tickets(TicketFactory(description="申请退款"))
    match = backends.Match(("退款",), ("ticket",))
    sql, params = backends._matching(match)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            assert "search_document_vector" in "\n".join(r[0] for r in cursor.fetchall())
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            assert "VIRTUAL TABLE INDEX" in "\n".join(str(r[-1]) for r in cursor.fetchall())
