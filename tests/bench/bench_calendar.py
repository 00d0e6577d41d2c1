"""Business-calendar throughput: deadlines per second on one core (goal: 200,000 ``add``/s).

Everything runs on the pure engine with the shop's hours and China's statutory 2025–2026 data;
``compute_due`` gets its calendar passed in and unsaved policies, and any database query inside
the timed loop fails the run.
"""

from __future__ import annotations

import importlib
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from chinese_calendar import constants
from django.db import connection

from kefu.sla.calendar import BusinessCalendar
from kefu.sla.models import Clock, Policy
from kefu.sla.services import compute_due
from tests.bench.registry import Batch, bench

YEARS = (2025, 2026)
SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST = datetime(2025, 1, 1, tzinfo=UTC) - timedelta(hours=8)  # 2025-01-01 00:00 in Shanghai
SPAN_SECONDS = (date(2027, 1, 1) - date(2025, 1, 1)).days * 86400
# The seeded policies (sla migration 0002): the same rows a fresh database gets.
SEEDED = importlib.import_module("kefu.sla.migrations.0002_default_hours_and_policies")


def shop_calendar() -> BusinessCalendar:
    """Monday–Friday 09:00–12:00 and 13:30–18:00 in Shanghai, with the statutory calendar."""
    weekly = {wd: [(time(9), time(12)), (time(13, 30), time(18))] for wd in range(5)}
    return BusinessCalendar(
        tz=SHANGHAI,
        weekly=weekly,
        holidays=[d for d in constants.holidays if d.year in YEARS],
        workdays=[d for d in constants.workdays if d.year in YEARS],
        years=YEARS,
    )


def random_starts(rng: random.Random, size: int) -> list[datetime]:
    """Aware instants spread over 2025–2026, to the second: half in UTC (as Django hands them
    out), half in the shop's zone (as a form or an import gives them)."""
    starts = [FIRST + timedelta(seconds=rng.randrange(SPAN_SECONDS)) for _ in range(size)]
    return [s if i % 2 else s.astimezone(SHANGHAI) for i, s in enumerate(starts)]


@bench("calendar", "add", "BusinessCalendar.add: 1 minute to 10 working days", clock="cpu")
def bench_add(size: int) -> Batch:
    calendar = shop_calendar()
    rng = random.Random(3)
    cases = [(s, 60 * rng.randint(1, 4500)) for s in random_starts(rng, size)]

    def batch() -> int:
        add = calendar.add
        for start, seconds in cases:
            add(start, seconds)
        return len(cases)

    return batch


@bench("calendar", "between", "BusinessCalendar.between: intervals up to 30 days", clock="cpu")
def bench_between(size: int) -> Batch:
    calendar = shop_calendar()
    rng = random.Random(4)
    cases = [
        (s, s + timedelta(seconds=rng.randrange(30 * 86400))) for s in random_starts(rng, size)
    ]

    def batch() -> int:
        between = calendar.between
        for start, end in cases:
            between(start, end)
        return len(cases)

    return batch


def seeded_business_policies() -> list[Policy]:
    """The seeded policies counted in working time; the calendar-time ones never reach it."""
    rules = [
        Policy(
            key=key,
            name=name,
            minutes=minutes,
            clock=clock,
            offday_minutes=offday_minutes,
            offday_clock=offday_clock,
            warn_before_minutes=warn,
            seed=seed,
        )
        for key, name, minutes, clock, offday_minutes, offday_clock, warn, seed in SEEDED.POLICIES
    ]
    return [rule for rule in rules if rule.clock == Clock.BUSINESS]


def _refuse_queries(execute, sql, params, many, context):
    raise AssertionError(f"a database query inside the compute_due loop: {sql}")


@bench(
    "calendar",
    "compute_due",
    "services.compute_due: working-time policies, calendar passed in",
    clock="cpu",
)
def bench_compute_due(size: int) -> Batch:
    calendar = shop_calendar()
    rng = random.Random(5)
    policies = seeded_business_policies()
    cases = [(rng.choice(policies), s) for s in random_starts(rng, size)]

    def batch() -> int:
        with connection.execute_wrapper(_refuse_queries):
            for rule, start in cases:
                compute_due(rule, start, calendar)
        return len(cases)

    return batch
