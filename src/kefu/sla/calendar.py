"""The business-calendar engine: working time between instants and deadlines, on plain data.

Time is handled as integer *local seconds* (``date.toordinal() * 86400 + seconds of day``).
For each year the engine builds, once, the working periods of every day and the prefix sums
of working seconds, so adding working time is a binary search plus a walk over one day's
periods. A year without holiday data is computed from the weekly hours alone (weekends-only)
and every answer that touches it says so (``estimated``). Implements P-03.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY = 86400
_UNIX_EPOCH_LOCAL = date(1970, 1, 1).toordinal() * DAY
# A calendar whose weekly hours are all empty would search forever.
_MAX_YEARS_AHEAD = 30

Period = tuple[int, int]  # seconds of day [start, end)


@dataclass(frozen=True, slots=True)
class Moment:
    """A computed instant and whether a year without calendar data was involved."""

    at: datetime
    estimated: bool


@dataclass(frozen=True, slots=True)
class Span:
    """Working seconds between two instants and whether a year without data was involved."""

    seconds: int
    estimated: bool


class _Year:
    __slots__ = ("cum", "has_data", "periods", "start")

    def __init__(self, start: int, periods: list[tuple[Period, ...]], has_data: bool) -> None:
        self.start = start
        self.periods = periods
        self.has_data = has_data
        cum = [0]
        for day in periods:
            cum.append(cum[-1] + sum(b - a for a, b in day))
        self.cum = cum


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _merge(periods: Iterable[tuple[time, time]]) -> tuple[Period, ...]:
    spans = sorted((_seconds(a), _seconds(b) if b != time(0) else DAY) for a, b in periods)
    merged: list[list[int]] = []
    for a, b in spans:
        if b <= a:
            raise ValueError(f"working period ends before it starts: {a}–{b}")
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def _worked(periods: tuple[Period, ...], second: int) -> int:
    """Working seconds of a day before ``second`` of that day."""
    total = 0
    for a, b in periods:
        if second <= a:
            break
        total += (second if second < b else b) - a
    return total


class BusinessCalendar:
    """Working hours per weekday, holidays and make-up workdays (调休) in one time zone.

    ``weekly`` maps weekday (0 = Monday) to its working periods. A make-up workday works the
    hours of its own weekday, or, when that weekday has none, those of the first weekday
    that has hours. ``years`` are the years whose holidays and make-up days are known.
    """

    def __init__(
        self,
        *,
        tz: ZoneInfo | str = "Asia/Shanghai",
        weekly: Mapping[int, Sequence[tuple[time, time]]],
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        years: Iterable[int] = (),
    ) -> None:
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self._weekly = tuple(_merge(weekly.get(wd, ())) for wd in range(7))
        self._makeup = next((p for p in self._weekly if p), ())
        self._holidays = frozenset(holidays)
        self._workdays = frozenset(workdays)
        self.years = frozenset(years)
        self._cache: dict[int, _Year] = {}
        self._offset = self._fixed_offset()

    def _fixed_offset(self) -> int | None:
        offsets = {
            self.tz.utcoffset(datetime(y, m, 1))  # noqa: DTZ001 - probing the zone itself
            for y in (2000, 2025, 2040)
            for m in (1, 4, 7, 10)
        }
        if len(offsets) != 1:
            return None
        (offset,) = offsets
        return int(offset.total_seconds()) if offset is not None else None

    # --- days -------------------------------------------------------------------------

    def periods_on(self, day: date) -> tuple[Period, ...]:
        """Working periods of ``day`` in seconds of day."""
        if day.year in self.years:
            if day in self._holidays:
                return ()
            if day in self._workdays:
                return self._weekly[day.weekday()] or self._makeup
        return self._weekly[day.weekday()]

    def is_workday(self, day: date) -> bool:
        return bool(self.periods_on(day))

    def has_data(self, year: int) -> bool:
        return year in self.years

    def _year(self, year: int) -> _Year:
        cached = self._cache.get(year)
        if cached is None:
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days
            periods = [self.periods_on(first + timedelta(days=i)) for i in range(days)]
            cached = self._cache[year] = _Year(first.toordinal(), periods, year in self.years)
        return cached

    # --- instants -----------------------------------------------------------------------

    def _local(self, at: datetime) -> int:
        if at.tzinfo is None:
            raise ValueError("business calendar needs aware datetimes")
        if self._offset is not None:
            return int(at.timestamp() // 1) + self._offset + _UNIX_EPOCH_LOCAL
        local = at.astimezone(self.tz)
        return local.toordinal() * DAY + local.hour * 3600 + local.minute * 60 + local.second

    def _instant(self, local: int) -> datetime:
        if self._offset is not None:
            return datetime.fromtimestamp(local - self._offset - _UNIX_EPOCH_LOCAL, tz=UTC)
        ordinal, second = divmod(local, DAY)
        naive = datetime.combine(date.fromordinal(ordinal), time()) + timedelta(seconds=second)
        return naive.replace(tzinfo=self.tz).astimezone(UTC)

    def local_date(self, at: datetime) -> date:
        return date.fromordinal(self._local(at) // DAY)

    def is_working_time(self, at: datetime) -> bool:
        ordinal, second = divmod(self._local(at), DAY)
        return any(a <= second < b for a, b in self.periods_on(date.fromordinal(ordinal)))

    # --- working time -------------------------------------------------------------------

    def add(self, start: datetime, seconds: int) -> Moment:
        """The instant at which ``seconds`` of working time have passed since ``start``."""
        if seconds <= 0:
            return Moment(start, False)
        ordinal, second = divmod(self._local(start), DAY)
        year_no = date.fromordinal(ordinal).year
        year = self._year(year_no)
        estimated = not year.has_data
        i = ordinal - year.start
        target = year.cum[i] + _worked(year.periods[i], second) + seconds
        while target > year.cum[-1]:
            target -= year.cum[-1]
            year_no += 1
            if year_no > date.fromordinal(ordinal).year + _MAX_YEARS_AHEAD:
                raise ValueError("the calendar has no working hours")
            year = self._year(year_no)
            estimated = estimated or not year.has_data
        j = bisect_left(year.cum, target) - 1
        remaining = target - year.cum[j]
        for a, b in year.periods[j]:
            if remaining <= b - a:
                return Moment(self._instant((year.start + j) * DAY + a + remaining), estimated)
            remaining -= b - a
        raise AssertionError("prefix sums and periods disagree")  # pragma: no cover

    def between(self, start: datetime, end: datetime) -> Span:
        """Working seconds in [start, end); negative when ``end`` is before ``start``."""
        if end < start:
            span = self.between(end, start)
            return Span(-span.seconds, span.estimated)
        (y1, p1), (y2, p2) = self._position(start), self._position(end)
        total = p2 - p1
        estimated = False
        for year_no in range(y1, y2 + 1):
            year = self._year(year_no)
            estimated = estimated or not year.has_data
            if year_no < y2:
                total += year.cum[-1]
        return Span(total, estimated)

    def _position(self, at: datetime) -> tuple[int, int]:
        """(year, working seconds from the start of that year to ``at``)."""
        ordinal, second = divmod(self._local(at), DAY)
        year_no = date.fromordinal(ordinal).year
        year = self._year(year_no)
        i = ordinal - year.start
        return year_no, year.cum[i] + _worked(year.periods[i], second)
