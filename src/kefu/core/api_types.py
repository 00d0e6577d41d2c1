"""Field types the API schemas share where a plain ``time`` or ``datetime`` says too little.

``WallTime`` is a time of day on the shop's clock (opening hours, rest hours): no UTC offset
is accepted, and the schema says "HH:MM[:SS]" rather than RFC 3339's offset-bearing "time".
``Moment`` is a datetime inside the years the business calendar can hold (1901–2199).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

FIRST_YEAR, LAST_YEAR = 1901, 2199


def _naive(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("a time of day on the shop's clock, without a UTC offset")
    return value


def _in_calendar_range(value: datetime) -> datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"a date between {FIRST_YEAR} and {LAST_YEAR}")
    return value


WallTime = Annotated[
    time,
    AfterValidator(_naive),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"}),
]
Moment = Annotated[datetime, AfterValidator(_in_calendar_range)]
