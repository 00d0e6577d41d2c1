"""The calendar engine against a minute-by-minute walk written from the definition alone.

The walk knows nothing of prefix sums: it steps through real time one minute at a time, asks
what the local wall clock says, and counts the minute when the calendar's definition makes it
working time — the weekday's hours, no hours on a holiday, and on a make-up workday (调休) the
weekday's own hours or else those of the first weekday that has hours; holidays and make-up
days count only in the calendar's ``years``. Every slot boundary is on a whole minute, so a
minute is wholly working or not, and starts and durations may still be any second.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from chinese_calendar import constants
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kefu.sla.calendar import BusinessCalendar

pytestmark = [pytest.mark.req("P-03"), pytest.mark.req("P-04")]

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
# Asia/Shanghai has kept +08:00 since 1991, so the walk may skip the zone lookups there.
FIXED_MINUTES = {SHANGHAI: 8 * 60}
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
LUNCH_BREAK = [(time(9), time(12)), (time(13, 30), time(18))]
DATA_YEARS = frozenset({2025, 2026})
MAKEUP_DAYS = [
    date(2025, 1, 26),
    date(2025, 2, 8),
    date(2025, 4, 27),
    date(2025, 9, 28),
    date(2025, 10, 11),
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]
INPUT_ZONES = [UTC, SHANGHAI, ZoneInfo("America/New_York"), timezone(timedelta(hours=-3))]


def examples(number: int) -> settings:
    return settings(
        max_examples=number, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@dataclass(frozen=True)
class Spec:
    """A calendar as plain data: what both the engine and the walk are given."""

    weekly: dict[int, list[tuple[time, time]]]
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    tz: ZoneInfo = SHANGHAI

    def engine(self) -> BusinessCalendar:
        return BusinessCalendar(
            tz=self.tz,
            weekly=self.weekly,
            holidays=self.holidays,
            workdays=self.workdays,
            years=self.years,
        )


class Walk:
    """The reference: real time, one minute at a time, against the definition."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._fixed = FIXED_MINUTES.get(spec.tz)
        self._days: dict[int, tuple[bytes, int]] = {}

    def hours_of(self, day: date) -> list[tuple[time, time]]:
        weekly, known = self.spec.weekly, day.year in self.spec.years
        if known and day in self.spec.holidays:
            return []
        own = weekly.get(day.weekday(), [])
        if known and day in self.spec.workdays and not own:
            return next((weekly[wd] for wd in range(7) if weekly.get(wd)), [])
        return own

    def day(self, ordinal: int) -> tuple[bytes, int]:
        """One flag per minute of the local day (1: working time), and the day's year."""
        if ordinal not in self._days:
            day, flags = date.fromordinal(ordinal), bytearray(1440)
            for a, b in self.hours_of(day):
                end = 1440 if b == time(0) else b.hour * 60 + b.minute
                flags[a.hour * 60 + a.minute : end] = b"\1" * (end - a.hour * 60 - a.minute)
            self._days[ordinal] = bytes(flags), day.year
        return self._days[ordinal]

    def minute(self, epoch_minute: int) -> tuple[bool, int]:
        """Whether this real minute is working time, and the local year it falls in."""
        if self._fixed is not None:
            ordinal, of_day = divmod(epoch_minute + self._fixed + EPOCH_ORDINAL * 1440, 1440)
        else:
            local = datetime.fromtimestamp(epoch_minute * 60, self.spec.tz)
            ordinal, of_day = local.toordinal(), local.hour * 60 + local.minute
        flags, year = self.day(ordinal)
        return flags[of_day] == 1, year

    def minutes(self, first: int) -> Iterator[tuple[int, int]]:
        """(working flag, local year) of each real minute from epoch minute ``first`` on."""
        if self._fixed is None:
            yield from map(self.minute, count(first))
            return
        ordinal, of_day = divmod(first + self._fixed + EPOCH_ORDINAL * 1440, 1440)
        for day in count(ordinal):
            flags, year = self.day(day)
            for flag in flags[of_day if day == ordinal else 0 :]:
                yield flag, year

    def add(self, start: int, seconds: int) -> tuple[int, bool]:
        """The epoch second when ``seconds`` of work are done, and whether a year without
        data was walked through."""
        if seconds <= 0:
            return start, False
        t, left, years = start, seconds, set()
        for minute, (working, year) in enumerate(self.minutes(start // 60), start // 60):
            years.add(year)
            minute_end = minute * 60 + 60
            if working:
                if left <= minute_end - t:
                    return t + left, not years <= self.spec.years
                left -= minute_end - t
            t = minute_end
        raise AssertionError("unreachable")  # pragma: no cover

    def between(self, start: int, end: int) -> tuple[int, bool]:
        if end < start:
            seconds, estimated = self.between(end, start)
            return -seconds, estimated
        t, total, years = start, 0, set()
        for minute, (working, year) in enumerate(self.minutes(start // 60), start // 60):
            if t >= end:
                break
            years.add(year)
            step_end = min(minute * 60 + 60, end)
            total += (step_end - t) * working
            t = step_end
        return total, not years <= self.spec.years


def statutory_spec() -> Spec:
    return Spec(
        weekly={wd: LUNCH_BREAK for wd in range(5)},
        holidays=frozenset(d for d in constants.holidays if d.year in DATA_YEARS),
        workdays=frozenset(d for d in constants.workdays if d.year in DATA_YEARS),
        years=DATA_YEARS,
    )


STATUTORY = statutory_spec()
STATUTORY_ENGINE = STATUTORY.engine()
STATUTORY_WALK = Walk(STATUTORY)


def engine_and_walk(spec: Spec) -> tuple[BusinessCalendar, Walk]:
    if spec is STATUTORY:
        return STATUTORY_ENGINE, STATUTORY_WALK
    return spec.engine(), Walk(spec)


def _edges(days: frozenset[date]) -> list[date]:
    """The first and last day of each run of days, and the days either side."""
    edges = set()
    for d in days:
        if d - timedelta(days=1) not in days or d + timedelta(days=1) not in days:
            edges |= {d - timedelta(days=1), d, d + timedelta(days=1)}
    return sorted(edges)


INTERESTING_DAYS = sorted(
    set(MAKEUP_DAYS)
    | set(_edges(STATUTORY.holidays))
    | {
        date(2024, 12, 31),
        date(2025, 1, 1),
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 4),
    }
)
# Slot edges and the night: starts at, just before and just after a boundary.
INTERESTING_SECONDS = sorted(
    {
        h * 3600 + m * 60 + d
        for h, m in [(0, 0), (9, 0), (12, 0), (13, 30), (18, 0)]
        for d in (-1, 0, 1)
        if 0 <= h * 3600 + m * 60 + d < 86400
    }
    | {3 * 3600, 12 * 3600 + 45 * 60, 22 * 3600, 86399}
)


def instants(days: st.SearchStrategy[date], tz: ZoneInfo = SHANGHAI) -> st.SearchStrategy[int]:
    """Epoch seconds at a local time of one of ``days``."""
    of_day = st.one_of(st.integers(0, 86399), st.sampled_from(INTERESTING_SECONDS))
    return st.builds(
        lambda d, s: int(datetime.combine(d, time(), tzinfo=tz).timestamp()) + s, days, of_day
    )


def aware(epoch: int, tz: timezone | ZoneInfo) -> datetime:
    return datetime.fromtimestamp(epoch, tz)


def epoch(at: datetime) -> int:
    assert at.tzinfo is not None
    return int(at.timestamp())


def test_the_statutory_data_has_the_make_up_days_the_cases_aim_at():
    assert sorted(STATUTORY.workdays) == MAKEUP_DAYS


statutory_days = st.one_of(
    st.dates(date(2024, 12, 20), date(2027, 1, 31)), st.sampled_from(INTERESTING_DAYS)
)
statutory_starts = instants(statutory_days)
# From one minute to three weeks of work (7.5 h a day): whole minutes, whole days, any second.
durations = st.one_of(
    st.integers(1, 8 * 60).map(lambda m: m * 60),
    st.integers(1, 15).map(lambda d: d * 27000),
    st.integers(1, 5 * 27000),
)


@examples(1200)
@given(start=statutory_starts, seconds=durations, tz=st.sampled_from(INPUT_ZONES))
def test_add_matches_the_walk_on_the_statutory_calendar(start, seconds, tz):
    moment = STATUTORY_ENGINE.add(aware(start, tz), seconds)
    assert (epoch(moment.at), moment.estimated) == STATUTORY_WALK.add(start, seconds)


@examples(1000)
@given(
    start=statutory_starts,
    length=st.integers(-7 * 86400, 21 * 86400),
    tz=st.sampled_from(INPUT_ZONES),
)
def test_between_matches_the_walk_on_the_statutory_calendar(start, length, tz):
    span = STATUTORY_ENGINE.between(aware(start, tz), aware(start + length, UTC))
    assert (span.seconds, span.estimated) == STATUTORY_WALK.between(start, start + length)


@examples(300)
@given(start=instants(st.dates(date(2027, 1, 1), date(2027, 12, 20))), seconds=durations)
def test_years_without_data_are_weekends_only_and_estimated(start, seconds):
    weekends_only = Walk(Spec(weekly=STATUTORY.weekly))
    moment = STATUTORY_ENGINE.add(aware(start, UTC), seconds)
    assert epoch(moment.at) == weekends_only.add(start, seconds)[0]
    assert moment.estimated is True


@st.composite
def weekly_hours(draw, *, max_slots: int = 3) -> dict[int, list[tuple[time, time]]]:
    """Several slots a day, overlapping or not, weekends included, some ending at midnight."""

    def at(minute: int) -> time:
        return time(0) if minute == 1440 else time(minute // 60, minute % 60)

    weekly = {}
    for wd in range(7):
        slots = []
        for _ in range(draw(st.integers(0, max_slots))):
            a = draw(st.integers(0, 1439))
            b = draw(st.one_of(st.just(1440), st.integers(a + 1, min(a + 600, 1440))))
            slots.append((at(a), at(b)))
        if slots:
            weekly[wd] = slots
    assume(weekly)
    return weekly


def days_from(first: date, last: date) -> st.SearchStrategy[date]:
    return st.integers(0, (last - first).days).map(lambda k: first + timedelta(days=k))


# Saturdays and Sundays, where make-up workdays usually fall (2025-01-04 is a Saturday).
weekend_days = st.builds(
    lambda w, k: date(2025, 1, 4) + timedelta(weeks=w, days=k),
    st.integers(0, 155),
    st.integers(0, 1),
)


@st.composite
def random_specs(draw, tz: ZoneInfo = SHANGHAI) -> Spec:
    days = days_from(date(2025, 1, 1), date(2027, 12, 31))
    holidays = draw(st.frozensets(days, max_size=20))
    workdays = draw(st.frozensets(st.one_of(weekend_days, days), max_size=8)) - holidays
    years = draw(st.frozensets(st.sampled_from([2025, 2026, 2027])))
    return Spec(draw(weekly_hours()), holidays, workdays, years, tz)


def weekly_seconds(spec: Spec) -> int:
    engine = engine_and_walk(spec)[0]
    return sum(b - a for wd in range(7) for a, b in engine.periods_on(date(2030, 1, 7 + wd)))


@examples(250)
@given(spec=random_specs(), data=st.data())
def test_add_and_between_match_the_walk_on_random_calendars(spec, data):
    engine, walk = engine_and_walk(spec)
    start = data.draw(instants(st.dates(date(2024, 12, 25), date(2028, 1, 5))))
    seconds = data.draw(st.integers(1, weekly_seconds(spec)))
    moment = engine.add(aware(start, UTC), seconds)
    assert (epoch(moment.at), moment.estimated) == walk.add(start, seconds)
    end = start + data.draw(st.integers(-2 * 86400, 8 * 86400))
    span = engine.between(aware(start, SHANGHAI), aware(end, UTC))
    assert (span.seconds, span.estimated) == walk.between(start, end)


@examples(120)
@given(spec=random_specs(BERLIN), data=st.data())
def test_a_zone_with_daylight_saving_time_counts_real_time(spec, data):
    """Europe/Berlin: the hour skipped in March and the one repeated in October."""
    engine, walk = engine_and_walk(spec)
    changes = [date(2025, 3, 30), date(2025, 10, 26), date(2026, 3, 29), date(2026, 10, 25)]
    near_change = st.sampled_from(changes).flatmap(
        lambda d: st.integers(-3, 1).map(lambda k: d + timedelta(days=k))
    )
    start = data.draw(
        instants(st.one_of(near_change, st.dates(date(2025, 1, 1), date(2026, 12, 31))), BERLIN)
    )
    seconds = data.draw(st.integers(1, weekly_seconds(spec)))
    moment = engine.add(aware(start, BERLIN), seconds)
    assert (epoch(moment.at), moment.estimated) == walk.add(start, seconds)
    assert engine.between(aware(start, UTC), moment.at).seconds == seconds
    end = start + data.draw(st.integers(0, 5 * 86400))
    span = engine.between(aware(start, BERLIN), aware(end, BERLIN))
    assert (span.seconds, span.estimated) == walk.between(start, end)


specs = st.one_of(st.just(STATUTORY), random_specs())
invariant_starts = instants(st.one_of(statutory_days, st.dates(date(2025, 1, 1), date(2027, 6, 1))))


@examples(200)
@given(spec=specs, start=invariant_starts, seconds=durations)
def test_between_start_and_add_is_the_duration(spec, start, seconds):
    engine = engine_and_walk(spec)[0]
    moment = engine.add(aware(start, SHANGHAI), seconds)
    span = engine.between(aware(start, UTC), moment.at)
    assert (span.seconds, span.estimated) == (seconds, moment.estimated)


@examples(200)
@given(spec=specs, start=invariant_starts, first=durations, second=durations)
def test_add_is_monotonic_in_the_duration(spec, start, first, second):
    engine = engine_and_walk(spec)[0]
    short, long = sorted((first, second))
    earlier, later = engine.add(aware(start, UTC), short), engine.add(aware(start, UTC), long)
    assert later.at - earlier.at >= timedelta(seconds=long - short)
    assert earlier.estimated <= later.estimated


@examples(200)
@given(spec=specs, start=invariant_starts, seconds=durations)
def test_a_deadline_is_inside_or_at_the_end_of_a_working_period(spec, start, seconds):
    engine, walk = engine_and_walk(spec)
    due = engine.add(aware(start, UTC), seconds).at
    assert engine.is_working_time(due - timedelta(seconds=1))
    assert walk.minute((epoch(due) - 1) // 60)[0]


@examples(200)
@given(spec=specs, a=invariant_starts, b=invariant_starts, c=invariant_starts)
def test_between_is_additive_and_antisymmetric(spec, a, b, c):
    assume(abs(a - c) < 400 * 86400)
    engine = engine_and_walk(spec)[0]
    a_at, b_at, c_at = aware(a, UTC), aware(b, SHANGHAI), aware(c, UTC)
    ab, bc, ac = engine.between(a_at, b_at), engine.between(b_at, c_at), engine.between(a_at, c_at)
    assert ab.seconds + bc.seconds == ac.seconds
    assert engine.between(b_at, a_at).seconds == -ab.seconds


@examples(250)
@given(spec=specs, at=invariant_starts)
def test_is_working_time_and_is_workday_follow_the_definition(spec, at):
    engine, walk = engine_and_walk(spec)
    local = aware(at, spec.tz)
    assert engine.is_working_time(aware(at, UTC)) == walk.minute(at // 60)[0]
    assert engine.local_date(aware(at, UTC)) == local.date()
    assert engine.is_workday(local.date()) == bool(walk.hours_of(local.date()))
