"""Who may watch and retry the notification outbox and edit message templates (P-08)."""

from kefu.core.permissions import ADMINS, MANAGERS, STAFF, SUPERVISORS, register, register_scope
from kefu.notify.models import Message, MessageChannel

register("notification.view", roles=SUPERVISORS)
register("notification.retry", roles=SUPERVISORS)
register("notification.manage_templates", roles=MANAGERS)
register("notification.read_own", roles=STAFF)
# Webhooks send records out of the shop and may point anywhere: admins only (P-06).
register("webhook.manage", roles=ADMINS)


def _messages(actor, qs):  # type: ignore[no-untyped-def]
    """Supervisors and above see the whole outbox; everyone else only their own in-app notices."""
    if actor.role in SUPERVISORS:
        return qs
    return qs.filter(user=actor, channel=MessageChannel.IN_APP)


register_scope(Message, _messages)
