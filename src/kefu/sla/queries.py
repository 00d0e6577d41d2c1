"""Shared reads of the sla app, scoped to what the actor may see."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import visible_to
from kefu.sla.models import (
    CalendarDay,
    CalendarYear,
    Deadline,
    DeadlineQuerySet,
    Policy,
    WorkingPeriod,
)


def deadline_list(
    actor: User, *, status: str | None = None, due_before: datetime | None = None
) -> DeadlineQuerySet:
    """Deadlines the actor may see, soonest first."""
    qs = visible_to(actor, Deadline.objects.all())
    if status == "open":
        qs = qs.open()
    elif status == "breached":
        qs = qs.filter(breached_at__isnull=False)
    elif status == "met":
        qs = qs.filter(met_at__isnull=False, breached_at__isnull=True)
    if due_before is not None:
        qs = qs.filter(due_at__lt=due_before)
    return qs.select_related("policy").order_by("due_at", "pk")  # type: ignore[return-value]


def deadline(actor: User, deadline_id: int) -> Deadline:
    row = visible_to(actor, Deadline.objects.all()).filter(pk=deadline_id).first()
    if row is None:
        raise NotFound("deadline_not_found", _("No such deadline."))
    return row


def years_without_data(first: datetime, last: datetime, known: frozenset[int]) -> list[int]:
    return [y for y in range(first.year, last.year + 1) if y not in known]


def calendar_days(year: int) -> list[CalendarDay]:
    """A year's holidays and make-up workdays, in date order."""
    return list(CalendarDay.objects.filter(day__year=year).order_by("day"))


def calendar_year(year: int) -> CalendarYear | None:
    """The record saying the year's holidays are known, or None (weekends only)."""
    return CalendarYear.objects.filter(year=year).first()


def working_hours() -> list[WorkingPeriod]:
    return list(WorkingPeriod.objects.order_by("weekday", "starts_at"))


def policy_list() -> list[Policy]:
    return list(Policy.objects.order_by("key"))
