"""Worker heartbeats: each `kefu worker` says it is alive; health and deploy checks ask."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from kefu.core.models import WorkerHeartbeat

# Rows of workers gone this long are removed by the next beat of any worker.
FORGET_AFTER = timedelta(days=1)


def beat(worker_id: str, *, started_at: datetime) -> None:
    """Record that ``worker_id`` is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": now}, create_defaults={"started_at": started_at}
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def stop(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def last_seen_age() -> float | None:
    """Seconds since the most recent beat of any worker; None when no worker ever beat."""
    seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return None if seen is None else round((timezone.now() - seen).total_seconds(), 1)


def alive_count(stale_after: timedelta) -> int:
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - stale_after).count()
