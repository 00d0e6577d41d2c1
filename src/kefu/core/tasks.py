"""Background tasks of the core: outbox deliveries, run by `kefu worker`."""

from django_tasks import task

from kefu.core import events
from kefu.core.periodic import periodic


@task()
def run_delivery(delivery_id: int) -> bool:
    """Kept for tasks queued before ``run_deliveries`` existed."""
    return events.deliver(delivery_id)


@task()
def run_deliveries(delivery_ids: list[int]) -> int:
    """The deliveries of one commit, enqueued after it; returns how many ran to done."""
    return sum(events.deliver(delivery_id) for delivery_id in delivery_ids)


@periodic("core.pump_outbox", seconds=10)
def pump_outbox() -> int:
    """Retries and anything whose fast-path task was lost (a process died after commit)."""
    return events.pump()
