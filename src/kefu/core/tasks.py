"""Background tasks of the core: outbox deliveries, run by `kefu worker`."""

from django_tasks import task

from kefu.core import events
from kefu.core.periodic import periodic


@task()
def run_delivery(delivery_id: int) -> bool:
    return events.deliver(delivery_id)


@periodic("core.pump_outbox", seconds=10)
def pump_outbox() -> int:
    """Retries and anything whose fast-path task was lost (a process died after commit)."""
    return events.pump()
