"""The event outbox: events are rows written with the change; handlers run later, exactly once.

``record_event`` writes an Event and one Delivery per registered handler inside the caller's
transaction, so an event exists if and only if its change committed. The outbox is the
queue: every `kefu worker` pass runs the due deliveries (``pump``); nothing else is queued
per change. Workers claim a delivery with a conditional UPDATE (on PostgreSQL after
``SELECT … FOR UPDATE SKIP LOCKED``, so any number of workers on any number of machines
share the outbox), run the handler and
mark it done in one transaction, so a handler's database effects and its "done" mark commit
together: a crash before the commit leaves the delivery to be retried, a done delivery is
never run again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import NotFound
from kefu.core.logging import scrub
from kefu.core.models import Delivery, Event, User
from kefu.core.permissions import require

log = logging.getLogger(__name__)

Handler = Callable[[Event], None]

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
# A delivery claimed longer ago than this belongs to a worker that died (kill -9).
CLAIM_LEASE = timedelta(minutes=5)

_handlers: dict[str, list[str]] = {}


def handler_path(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def register_handlers(table: Mapping[str, Handler | list[Handler]]) -> None:
    """Register an app's ``{"event.name": handler or [handlers]}`` table."""
    for name, handlers in table.items():
        for handler in handlers if isinstance(handlers, list) else [handlers]:
            paths = _handlers.setdefault(name, [])
            if handler_path(handler) not in paths:
                paths.append(handler_path(handler))


@dataclass(frozen=True)
class NewEvent:
    """One event for ``record_events``: the arguments of ``record_event``."""

    name: str
    subject: Model
    actor: User | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    customer_id: int | None = None


def record_event(
    name: str,
    *,
    subject: Model,
    actor: User | None = None,
    payload: dict[str, Any] | None = None,
    customer_id: int | None = None,
) -> Event:
    """Write ``name`` about ``subject`` in the current transaction, with its deliveries.

    ``customer_id`` puts the event on that customer's timeline (C-04).
    """
    return record_events([NewEvent(name, subject, actor, payload or {}, customer_id)])[0]


def record_events(items: list[NewEvent]) -> list[Event]:
    """Write several events and all their deliveries in two INSERTs, in the caller's
    transaction (one is opened when there is none)."""
    with transaction.atomic(savepoint=False):
        events = Event.objects.bulk_create(
            Event(
                name=item.name,
                subject_type=item.subject._meta.label_lower,
                subject_id=str(item.subject.pk),
                payload=item.payload,
                customer_id=item.customer_id,
                actor=_who(item.actor),
            )
            for item in items
        )
        Delivery.objects.bulk_create(
            Delivery(event=event, handler=path)
            for event in events
            for path in _handlers.get(event.name, [])
        )
    return events


def _who(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def deliver(delivery_id: int) -> bool:
    """Run one due delivery if no other worker has it. Returns True if it ran to done."""
    if not _claim(delivery_id):
        return False
    delivery = Delivery.objects.select_related("event").get(pk=delivery_id)
    try:
        with transaction.atomic():
            import_string(delivery.handler)(delivery.event)
            Delivery.objects.filter(pk=delivery_id).update(
                status=Delivery.Status.DONE, done_at=timezone.now(), last_error=""
            )
    except Exception as exc:  # a handler failure must never stop the worker
        _schedule_retry(delivery, exc)
        return False
    return True


def _claim(delivery_id: int) -> bool:
    """Mark the delivery running for this worker. On PostgreSQL the row is first taken with
    ``SELECT … FOR UPDATE SKIP LOCKED``, so workers racing for it never wait on each other;
    the conditional UPDATE alone decides on SQLite, which has one writer at a time."""
    now = timezone.now()
    due = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    )
    with transaction.atomic():
        skip_locked = connection.features.has_select_for_update_skip_locked
        if skip_locked and not due.select_for_update(skip_locked=True).values_list("pk"):
            return False
        return bool(
            due.update(status=Delivery.Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1)
        )


def _schedule_retry(delivery: Delivery, exc: Exception) -> None:
    gave_up = delivery.attempts >= MAX_ATTEMPTS
    error = scrub(f"{type(exc).__name__}: {exc}")[:2000]
    log.warning("delivery %s (%s) failed: %s", delivery.pk, delivery.handler, error)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.RUNNING).update(
        status=Delivery.Status.FAILED if gave_up else Delivery.Status.PENDING,
        next_attempt_at=timezone.now() + retry_delay(delivery.attempts),
        last_error=error,
    )


def pump(*, limit: int = 500) -> int:
    """Reclaim deliveries of dead workers, then run due ones. Returns how many ran to done."""
    now = timezone.now()
    Delivery.objects.filter(
        status=Delivery.Status.RUNNING, claimed_at__lt=now - CLAIM_LEASE
    ).update(status=Delivery.Status.PENDING, next_attempt_at=now)
    due = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk) for pk in list(due))


def retry_failed(*, actor: User, delivery_id: int) -> None:
    """Put a delivery from the failed queue back in line (admin action)."""
    require(actor, "outbox.manage")
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        if not updated:
            raise NotFound("delivery_not_failed", _("No failed delivery with that number."))
        record_audit(actor=actor, action="outbox.retried", data={"delivery": delivery_id})
