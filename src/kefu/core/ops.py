"""What operators watch: database, worker heartbeat and outbox backlog (health, metrics)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone

from kefu.core import heartbeat
from kefu.core.models import Delivery


def outbox_backlog() -> tuple[int, float | None]:
    """How many deliveries wait (pending or running) and how old the oldest is, in seconds."""
    waiting = Delivery.objects.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.RUNNING]
    ).aggregate(count=Count("pk"), oldest=Min("event__created_at"))
    oldest = waiting["oldest"]
    age = None if oldest is None else round((timezone.now() - oldest).total_seconds(), 1)
    return waiting["count"], age


def health() -> dict[str, object]:
    """The figures /api/v1/health reports (the database answers or this raises)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    pending, oldest = outbox_backlog()
    return {
        "database": connection.vendor,
        "worker_seen_seconds_ago": heartbeat.last_seen_age(),
        "outbox_pending": pending,
        "outbox_oldest_pending_seconds": oldest,
    }
