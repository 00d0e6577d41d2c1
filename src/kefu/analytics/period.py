"""The period a report covers: local dates from ``start`` to ``end`` inclusive, and the period of
the same length just before it, for the comparison (Y-01)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes in the shop's time zone."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def previous(self) -> Period:
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def query(self) -> str:
        return f"start={self.start.isoformat()}&end={self.end.isoformat()}"


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "invalid_date", _("Write the date as YYYY-MM-DD."), {field: _("not a date")}
        ) from None


def parse_period(start: str | None, end: str | None) -> Period:
    """The period from two ISO dates; missing ones default to the last 30 days up to today."""
    last = _date(end, "end") if end else timezone.localdate()
    first = _date(start, "start") if start else last - timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise InvalidInput(
            "invalid_period",
            _("The end date is before the start date."),
            {"end": _("before the start")},
        )
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput(
            "period_too_long", _("Choose a period of at most three years."), {"end": _("too long")}
        )
    return Period(first, last)
