"""API schemas of the sla app."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import AwareDatetime, model_validator


class BusinessTimeIn(Schema):
    start: AwareDatetime
    end: AwareDatetime


class BusinessTimeOut(Schema):
    seconds: int
    minutes: float
    estimated: bool = Field(..., description="A year without holiday data was involved")
    years_without_data: list[int]


class DueIn(Schema):
    policy: str
    start: AwareDatetime


class DueOut(Schema):
    policy: str
    start: datetime
    due_at: datetime
    warn_at: datetime
    estimated: bool
    years_without_data: list[int]


class CalendarDayOut(Schema):
    day: date
    kind: str
    name: str
    source: str


class CalendarYearOut(Schema):
    year: int
    has_data: bool
    days: list[CalendarDayOut]


class PolicyOut(Schema):
    key: str
    name: str
    minutes: int
    clock: str
    offday_minutes: int | None
    offday_clock: str
    warn_before_minutes: int
    seed: str


class PolicyPatch(Schema):
    name: str | None = Field(None, max_length=100)
    minutes: int | None = Field(None, gt=0, le=525600)
    clock: str | None = None
    offday_minutes: int | None = Field(None, gt=0, le=525600)
    offday_clock: str | None = None
    warn_before_minutes: int | None = Field(None, ge=0, le=525600)
    clear_offday: bool = False

    @model_validator(mode="after")
    def offday_exclusive(self) -> PolicyPatch:
        if self.clear_offday and self.offday_minutes is not None:
            raise ValueError("clear_offday and offday_minutes exclude each other")
        return self


class DeadlineOut(Schema):
    id: int
    kind: str
    subject_type: str
    subject_id: str
    owner_id: int | None
    team_id: int | None
    started_at: datetime
    due_at: datetime
    warn_at: datetime
    warned_at: datetime | None
    met_at: datetime | None
    breached_at: datetime | None
    status: str
    estimated: bool
    seconds_left: int


class DeadlineFilter(Schema):
    status: str | None = Field(None, pattern="^(open|breached|met)$")
    due_before: AwareDatetime | None = None
    limit: int = 50
    offset: int = 0
