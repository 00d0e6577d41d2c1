"""Background tasks of the core, kept for tasks queued by earlier versions: deliveries are no
longer queued as tasks; every `kefu worker` pass runs the due ones (``events.pump``)."""

from django_tasks import task

from kefu.core import events


@task()
def run_delivery(delivery_id: int) -> bool:
    return events.deliver(delivery_id)


@task()
def run_deliveries(delivery_ids: list[int]) -> int:
    return sum(events.deliver(delivery_id) for delivery_id in delivery_ids)
