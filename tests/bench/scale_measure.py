"""What the scale benchmark measures, in process (Django test client) unless it is HTTP load.

Latencies are wall-clock per request (p50/p95 by nearest rank) after a warm-up; the queue is
the issue's "team + open + sorted by deadline" page of 50, asked by a supervisor for a random
team and by an agent for their own team; search asks the 20 common words as an agent and as a
supervisor; recall compares the index with a brute-force substring scan of 10,000 tickets.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.bench.scale_data import Shop
from tests.bench.scale_text import TERMS

SAMPLES = 200
WARMUP = 10
RECALL_SAMPLE = 10_000
# HTTP creation's goals are issue 13's, beside the figures in scale_http.render.
GOALS = {"queue_p95_ms": 25.0, "search_p95_ms": 50.0, "deadlines": 200_000}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _attempt(call: Callable[[int], object], i: int) -> tuple[bool, str]:
    try:
        return bool(call(i)), ""
    except Exception as exc:  # a page still being built must not stop the whole run
        return False, f"{type(exc).__name__}: {exc}"[:200]


def timed(label: str, call: Callable[[int], object], samples: int = SAMPLES) -> dict[str, Any]:
    """p50/p95 of ``call(i)`` in milliseconds; ``call`` raises or returns a falsy on failure."""
    error = ""
    for i in range(WARMUP):
        error = _attempt(call, i)[1] or error
    spent, failures = [], 0
    for i in range(samples):
        started = time.perf_counter()
        ok, message = _attempt(call, i)
        spent.append((time.perf_counter() - started) * 1000)
        failures += not ok
        error = message or error
    row = {
        "what": label,
        "samples": samples,
        "p50_ms": round(percentile(spent, 0.50), 2),
        "p95_ms": round(percentile(spent, 0.95), 2),
        "max_ms": round(max(spent), 2),
        "failures": failures,
        "error": error,
    }
    print(
        f"  {label:<58} p50 {row['p50_ms']:7.2f} ms  p95 {row['p95_ms']:7.2f} ms", file=sys.stderr
    )
    return row


def _client(user_id: int) -> Client:
    from kefu.core.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client


def _page_url(*names: str, args: tuple = ()) -> str | None:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def queue(shop: Shop) -> list[dict[str, Any]]:
    from kefu.core.models import User
    from kefu.tickets.queries import ticket_queue

    supervisor = _client(shop.supervisor_id)
    team = shop.team_ids[0]
    agent_id = shop.agent_ids[team][0]
    agent = _client(agent_id)
    rng = random.Random(1)
    teams = [rng.choice(shop.team_ids) for _ in range(SAMPLES + WARMUP)]

    def api(client: Client, team_of: Callable[[int], int]) -> Callable[[int], bool]:
        def call(i: int) -> bool:
            url = f"/api/v1/tickets?team_id={team_of(i)}&status=open&limit=50"
            response = client.get(url)
            return response.status_code == 200 and len(response.json()["items"]) == 50

        return call

    rows = [
        timed(
            "queue API, supervisor (team + open, by deadline)", api(supervisor, teams.__getitem__)
        ),
        timed("queue API, agent (own team + open, by deadline)", api(agent, lambda i: team)),
        timed(
            "queue API, agent (all they may see, open; workspace default)",
            lambda i: agent.get("/api/v1/tickets?status=open&limit=50").status_code == 200,
        ),
    ]
    user = User.objects.get(pk=agent_id)
    rows.append(
        timed(
            "queue query only, agent (ORM, 51 rows)",
            lambda i: len(list(ticket_queue(user, team=team, status="open")[:51])) == 51,
        )
    )
    page = _page_url("tickets:queue", "tickets:index", "tickets:list")
    if page:
        rows.append(
            timed(
                "queue page, supervisor (team + open, by deadline)",
                lambda i: supervisor.get(f"{page}?team={teams[i]}&status=open").status_code == 200,
            )
        )
    rows += _counts(shop, user)
    return rows


def _counts(shop: Shop, agent: Any) -> list[dict[str, Any]]:
    from kefu.tickets import queries

    counter = getattr(queries, "queue_count", None)
    if counter is None:
        return []
    return [
        timed(
            "queue count shown on pages (capped), agent",
            lambda i: counter(agent, team=shop.team_ids[0], status="open") is not None,
        )
    ]


def ticket_page(shop: Shop) -> list[dict[str, Any]]:
    from kefu.tickets.models import Ticket

    supervisor = _client(shop.supervisor_id)
    numbers = list(
        Ticket.objects.filter(pk__gte=shop.first_ticket + int(shop.size * 0.8))
        .exclude(status="closed")
        .order_by("?")
        .values_list("number", flat=True)[: SAMPLES + WARMUP]
    )
    rows = [
        timed(
            "ticket API (one open ticket), supervisor",
            lambda i: supervisor.get(f"/api/v1/tickets/{numbers[i]}").status_code == 200,
        )
    ]
    if _page_url("tickets:detail", args=(numbers[0],)):
        row = timed(
            "ticket page (one open ticket), supervisor",
            lambda i: (
                supervisor.get(reverse("tickets:detail", args=(numbers[i],))).status_code == 200
            ),
        )
        count = _statements(lambda: supervisor.get(reverse("tickets:detail", args=(numbers[0],))))
        row["what"] += f", {count} SQL statements"
        rows.append(row)
    return rows


def _statements(call: Callable[[], object]) -> int:
    """The SQL statements ``call`` issues (caches warm, as after the timed samples)."""
    from django.db import connection

    seen: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    return len(seen)


def search(shop: Shop) -> list[dict[str, Any]]:
    from kefu.core.models import User
    from kefu.search.queries import search as search_records

    supervisor = _client(shop.supervisor_id)
    agent_id = shop.agent_ids[shop.team_ids[0]][0]
    agent = _client(agent_id)
    words = [TERMS[i % len(TERMS)] for i in range(SAMPLES + WARMUP)]

    def api(client: Client) -> Callable[[int], bool]:
        def call(i: int) -> bool:
            response = client.get("/api/v1/search", {"q": words[i], "kinds": "ticket"})
            return response.status_code == 200 and len(response.json()["items"]) == 20

        return call

    user = User.objects.get(pk=agent_id)
    return [
        timed("search API, agent (20 common words, tickets, page of 20)", api(agent)),
        timed("search API, supervisor (20 common words, tickets)", api(supervisor)),
        timed(
            "search function only, agent",
            lambda i: len(search_records(user, words[i], kinds=["ticket"]).items) == 20,
        ),
        timed(
            "search API, agent, second page (offset 20)",
            lambda i: (
                agent.get(
                    "/api/v1/search", {"q": words[i], "kinds": "ticket", "offset": 20}
                ).status_code
                == 200
            ),
        ),
    ]


def recall(shop: Shop) -> dict[str, Any]:
    """For each word: the sample tickets containing it (substring of the folded text) against
    the sample tickets the index matches for it."""
    from kefu.search import backends
    from kefu.search.models import SearchDocument
    from kefu.search.text import normalise, query_terms
    from kefu.tickets.models import Ticket

    rng = random.Random(7)
    ids = rng.sample(range(shop.first_ticket, shop.first_ticket + shop.size), RECALL_SAMPLE)
    texts = {
        pk: normalise(f"{d}\n{m}")
        for pk, d, m in Ticket.objects.filter(pk__in=ids).values_list("pk", "description", "demand")
    }
    docs = dict(
        SearchDocument.objects.filter(kind="ticket", object_id__in=ids).values_list(
            "id", "object_id"
        )
    )
    per_word, expected_total, hit_total, extra_total = {}, 0, 0, 0
    for word in TERMS:
        expected = {pk for pk, text in texts.items() if word in text}
        match = backends.Match(tuple(query_terms(word)), ("ticket",))
        got = {docs[i] for i in backends.all_matching_ids(match) if i in docs}
        per_word[word] = {
            "expected": len(expected),
            "found": len(expected & got),
            "extra": len(got - expected),
        }
        expected_total += len(expected)
        hit_total += len(expected & got)
        extra_total += len(got - expected)
    result = {
        "sample": len(texts),
        "recall": round(hit_total / max(expected_total, 1), 4),
        "extra_found": extra_total,
        "words": per_word,
    }
    print(f"  recall on {len(texts):,} tickets: {result['recall']:.2%}", file=sys.stderr)
    return result


def deadlines() -> list[dict[str, Any]]:
    """The calendar benchmarks (tests/bench/bench_calendar.py), one core, best of 3."""
    import os

    from tests.bench import bench_calendar  # noqa: F401 - registers the calendar benchmarks
    from tests.bench.registry import REGISTRY, measure

    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if before:
        os.sched_setaffinity(0, {min(before)})
    try:
        rows = []
        for item in REGISTRY:
            if item.group == "calendar" and item.name in ("add", "compute_due"):
                result = measure(item, size=10_000, runs=3, seconds=1.0)
                rows.append({"what": item.what, "per_second": round(result.best)})
                print(f"  {item.what:<58} {result.best:>12,.0f}/s", file=sys.stderr)
        return rows
    finally:
        if before:
            os.sched_setaffinity(0, before)


def measure_all(shop: Shop, *, url: str, http: bool) -> dict[str, Any]:
    from tests.bench import scale_http

    print("== measuring", file=sys.stderr)
    figures: dict[str, Any] = {
        "queue": queue(shop),
        "ticket": ticket_page(shop),
        "search": search(shop),
        "recall": recall(shop),
        "deadlines": deadlines(),
    }
    figures["http"] = scale_http.run(shop, url=url) if http else None
    return figures


def render(report: dict[str, Any]) -> str:
    from tests.bench.scale_report import render as render_report

    return render_report(report, GOALS)
