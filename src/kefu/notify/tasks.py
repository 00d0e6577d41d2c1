"""Background work of notify: the fast path after commit and the periodic dispatcher (P-08)."""

from django_tasks import task

from kefu.core.periodic import periodic
from kefu.notify import dispatcher


@task()
def send_message(message_id: int) -> bool:
    """Enqueued when a message commits: send it now rather than at the next periodic run."""
    return dispatcher.dispatch(message_id)


@periodic("notify.dispatch", seconds=5)
def dispatch_notifications() -> int:
    """Retries, stale claims, and anything whose fast-path task was lost."""
    return dispatcher.dispatch_due()
