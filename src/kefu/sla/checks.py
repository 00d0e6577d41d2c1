"""The sla app's deploy check: the business calendar knows this year and the next."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.db import DatabaseError
from django.utils import timezone

from kefu.sla.services import current_calendar


@register("kefu", deploy=True)
def calendar_has_data(**kwargs: Any) -> list[CheckMessage]:
    this_year = timezone.localdate().year
    try:
        calendar = current_calendar()
    except DatabaseError:
        return []  # the core's database check reports it
    missing = [y for y in (this_year, this_year + 1) if not calendar.has_data(y)]
    if missing:
        years = ", ".join(map(str, missing))
        return [
            Error(
                f"The business calendar has no holidays for {years}: deadlines there are "
                "estimated.",
                hint=f"Run `kefu calendar import --years {missing[0]}-{missing[-1]}` or enter "
                "the year by hand.",
                id="kefu.E005",
            )
        ]
    return []
