"""Shared reads of the sla app, scoped to what the actor may see."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import visible_to
from kefu.sla.models import Deadline, DeadlineQuerySet


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
    return qs.order_by("due_at", "pk")  # type: ignore[return-value]


def deadline(actor: User, deadline_id: int) -> Deadline:
    row = visible_to(actor, Deadline.objects.all()).filter(pk=deadline_id).first()
    if row is None:
        raise NotFound("deadline_not_found", _("No such deadline."))
    return row


def years_without_data(first: datetime, last: datetime, known: frozenset[int]) -> list[int]:
    return [y for y in range(first.year, last.year + 1) if y not in known]
