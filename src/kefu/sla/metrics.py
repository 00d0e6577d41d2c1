"""The sla app's Prometheus gauges: deadlines breached (read at each scrape of /metrics)."""

from __future__ import annotations

from kefu.core.metrics import gauge
from kefu.sla.models import Deadline


@gauge("kefu_deadlines_breached_open", "Deadlines past due and still not met.")
def breached_open() -> float:
    return Deadline.objects.filter(
        breached_at__isnull=False, met_at__isnull=True, cancelled_at__isnull=True
    ).count()
