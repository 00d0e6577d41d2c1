"""The business-calendar engine: working time between instants and deadlines, on plain data.

Working hours are wall-clock times of the calendar's zone; working *time* is real elapsed time,
so in a zone with daylight-saving time the skipped hour holds no working time and the repeated
hour counts twice. For each local year the engine builds, once, the year's working periods as
one ordered list of epoch-second intervals with the prefix sums of their lengths: placing an
instant in the year and adding working time to it are then two binary searches. A year without
holiday data is computed from the weekly hours alone (weekends-only) and every answer that
touches it says so (``estimated``). Implements P-03.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from math import floor
from zoneinfo import ZoneInfo

DAY = 86400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NEVER = 2**62  # an epoch second after every other
_ALWAYS = -_NEVER  # and one before
# A calendar whose weekly hours are all empty would search forever.
_MAX_YEARS_AHEAD = 30

Period = tuple[int, int]  # [start, end) in seconds of day, or in epoch seconds inside _Year


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
    """One local year: its working periods in epoch seconds, in order, and their prefix sums."""

    __slots__ = ("cum", "ends", "has_data", "number", "starts", "total")

    def __init__(self, number: int, periods: list[Period], has_data: bool) -> None:
        self.number = number
        self.has_data = has_data
        # A last, endless period that never starts spares every lookup a bounds check.
        self.starts = [a for a, _ in periods] + [_NEVER]
        self.ends = [b for _, b in periods] + [_NEVER]
        cum = [0]
        for a, b in periods:
            cum.append(cum[-1] + b - a)
        self.cum = cum  # cum[k]: working seconds of the year before period k
        self.total = cum[-1]

    def worked_before(self, epoch: int) -> int:
        """Working seconds of this year before ``epoch`` (an instant of this year)."""
        k = bisect_right(self.ends, epoch)  # the first period still running at or after epoch
        into = epoch - self.starts[k]
        return self.cum[k] + (into if into > 0 else 0)

    def instant(self, worked: int) -> int:
        """The epoch second when ``worked`` (0 < worked <= total) seconds of the year are done:
        a period's end rather than the next one's start."""
        k = bisect_left(self.cum, worked) - 1
        return self.starts[k] + worked - self.cum[k]


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


class BusinessCalendar:
    """Working hours per weekday, holidays and make-up workdays (调休) in one time zone.

    ``weekly`` maps weekday (0 = Monday) to its working periods. A make-up workday works the
    hours of its own weekday, or, when that weekday has none, those of the first weekday
    that has hours. ``years`` are the years whose holidays and make-up days are known.
    Instants are aware datetimes; they are counted to the second (microseconds are dropped).
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
        self._year_of_day: dict[int, _Year] = {}  # ordinal -> its year, for built years
        self._offset = self._fixed_offset()

    def _fixed_offset(self) -> int | None:
        """The zone's UTC offset in seconds when it has been the same since 2000, else None."""
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
        """Working periods of ``day`` in (wall-clock) seconds of day."""
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

    def _year(self, number: int) -> _Year:
        year = self._cache.get(number)
        if year is None:
            first, last = date(number, 1, 1).toordinal(), date(number, 12, 31).toordinal()
            periods = [
                period
                for ordinal in range(first, last + 1)
                for period in self._real_periods(
                    ordinal, self.periods_on(date.fromordinal(ordinal))
                )
            ]
            year = self._cache[number] = _Year(number, periods, number in self.years)
            self._year_of_day.update(dict.fromkeys(range(first, last + 1), year))
        return year

    def _year_at(self, ordinal: int) -> _Year:
        year = self._year_of_day.get(ordinal)
        return year if year is not None else self._year(date.fromordinal(ordinal).year)

    def _real_periods(self, ordinal: int, periods: tuple[Period, ...]) -> tuple[Period, ...]:
        """A day's wall-clock periods as epoch-second periods, split where the offset changes:
        a period across the skipped hour shrinks, one across the repeated hour has two parts."""
        midnight = (ordinal - _EPOCH_ORDINAL) * DAY  # the day's 00:00 as if the zone were UTC
        if self._offset is not None:
            return tuple(
                (midnight + a - self._offset, midnight + b - self._offset) for a, b in periods
            )
        found = []
        for since, until, offset in self._offsets_around(midnight):
            for a, b in periods:
                start, end = max(midnight + a - offset, since), min(midnight + b - offset, until)
                if start < end:
                    found.append((start, end))
        return tuple(found)

    def _offsets_around(self, midnight: int) -> list[tuple[int, int, int]]:
        """(since, until, UTC offset) in epoch seconds, covering every instant of the day.

        Offsets change at most once within three days in every zone in use, so one binary
        search finds the change to the second.
        """
        low, high = midnight - DAY, midnight + 2 * DAY
        before, after = self._offset_at(low), self._offset_at(high)
        if before == after:
            return [(_ALWAYS, _NEVER, before)]
        while high - low > 1:
            middle = (low + high) // 2
            if self._offset_at(middle) == before:
                low = middle
            else:
                high = middle
        return [(_ALWAYS, high, before), (high, _NEVER, after)]

    def _offset_at(self, epoch: int) -> int:
        offset = datetime.fromtimestamp(epoch, self.tz).utcoffset()
        assert offset is not None
        return int(offset.total_seconds())

    # --- instants -----------------------------------------------------------------------

    def _local(self, at: datetime) -> tuple[int, int]:
        """(ordinal of the local date, epoch second) of ``at``."""
        if at.tzinfo is None:
            raise ValueError("business calendar needs aware datetimes")
        epoch = floor(at.timestamp())
        if self._offset is not None:
            return (epoch + self._offset) // DAY + _EPOCH_ORDINAL, epoch
        return at.astimezone(self.tz).toordinal(), epoch

    def local_date(self, at: datetime) -> date:
        return date.fromordinal(self._local(at)[0])

    def is_working_time(self, at: datetime) -> bool:
        ordinal, epoch = self._local(at)
        year = self._year_at(ordinal)
        return year.starts[bisect_right(year.ends, epoch)] <= epoch

    # --- working time -------------------------------------------------------------------

    def add(self, start: datetime, seconds: int) -> Moment:
        """The instant at which ``seconds`` of working time have passed since ``start``.

        It is the end of a working second: at a period's end rather than the next one's start.
        """
        if seconds <= 0:
            return Moment(start, False)
        ordinal, epoch = self._local(start)
        year = self._year_at(ordinal)
        estimated = not year.has_data
        target = year.worked_before(epoch) + seconds
        while target > year.total:
            target -= year.total
            if year.number >= self.local_date(start).year + _MAX_YEARS_AHEAD:
                raise ValueError("the calendar has no working hours")
            year = self._year(year.number + 1)
            estimated = estimated or not year.has_data
        return Moment(datetime.fromtimestamp(year.instant(target), UTC), estimated)

    def between(self, start: datetime, end: datetime) -> Span:
        """Working seconds in [start, end); negative when ``end`` is before ``start``.

        ``estimated`` when a year without data has an instant in the interval.
        """
        if end < start:
            span = self.between(end, start)
            return Span(-span.seconds, span.estimated)
        (first, before), (last, upto) = self._position(start), self._position(end)
        if first is last:
            return Span(upto - before, not first.has_data and end > start)
        total = upto - before + sum(self._year(n).total for n in range(first.number, last.number))
        touched = range(first.number, last.number + 1)
        if self._year_at(self._local(end - timedelta(seconds=1))[0]) is not last:
            touched = range(first.number, last.number)  # it ends as ``last`` begins
        return Span(total, any(not self._year(n).has_data for n in touched))

    def _position(self, at: datetime) -> tuple[_Year, int]:
        """The local year of ``at`` and the working seconds of that year before ``at``."""
        ordinal, epoch = self._local(at)
        year = self._year_at(ordinal)
        return year, year.worked_before(epoch)
