"""Shared reads of the customers app, scoped to what the actor may see (C-01, C-04)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.core.errors import NotFound
from kefu.core.models import Event, User
from kefu.core.permissions import require, visible_to
from kefu.customers.models import Customer, Note
from kefu.customers.timeline import Entry, label_for

TIMELINE_MAX = 200
# Notes come from their own table (with their text); their event would show them twice.
EVENTS_SHOWN_AS_ROWS = ("note.added",)


def customer_list(
    actor: User,
    *,
    owner_id: int | None = None,
    team_id: int | None = None,
    member_level: str | None = None,
) -> QuerySet[Customer]:
    """Customers the actor may see, newest first; each filter has its index."""
    qs = visible_to(actor, Customer.objects.all())
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if member_level:
        qs = qs.filter(member_level=member_level)
    return qs.select_related("owner", "team").order_by("-created_at", "-id")


def customer(actor: User, customer_id: int) -> Customer:
    """One customer the actor may see; 404 otherwise (whether it exists is not told)."""
    row = (
        visible_to(actor, Customer.objects.all())
        .select_related("owner", "team")
        .filter(pk=customer_id)
        .first()
    )
    if row is None:
        raise NotFound("customer_not_found", _("No such customer."))
    return row


def customer_timeline(
    actor: User, customer: Customer, *, limit: int = 50, before: datetime | None = None
) -> list[Entry]:
    """The customer's history, newest first: every app's events about them merged with notes.

    ``before`` pages back in time (pass the last entry's ``at``). Implements C-04.
    """
    require(actor, "customer.view", customer)
    limit = max(1, min(limit, TIMELINE_MAX))
    events = Event.objects.filter(customer_id=customer.pk).exclude(name__in=EVENTS_SHOWN_AS_ROWS)
    notes = Note.objects.filter(customer=customer)
    if before is not None:
        events = events.filter(created_at__lt=before)
        notes = notes.filter(created_at__lt=before)
    entries = [
        Entry(
            at=e.created_at,
            kind=e.name,
            label=label_for(e.name, e.payload),
            actor=e.actor.display_name if e.actor else "",
            subject_type=e.subject_type,
            subject_id=e.subject_id,
            payload=e.payload,
        )
        for e in events.select_related("actor").order_by("-created_at", "-id")[:limit]
    ]
    entries += [
        Entry(
            at=n.created_at,
            kind="note",
            label=_("Note"),
            actor=n.author.display_name if n.author else "",
            text=n.text,
            subject_type="customers.note",
            subject_id=str(n.pk),
        )
        for n in notes.select_related("author").order_by("-created_at", "-id")[:limit]
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
