"""Events of lower apps → surveys scheduled: after a fix (ticket.resolved) and after a purchase
(order.created, order.delivered). Implements Q-01."""

from __future__ import annotations

from kefu.core.models import Event
from kefu.surveys import services


def after_resolution(event: Event) -> None:
    services.schedule_ticket_survey(ticket_id=int(event.subject_id))


def after_reopen(event: Event) -> None:
    services.hold_ticket_survey(ticket_id=int(event.subject_id))


def after_purchase(event: Event) -> None:
    services.schedule_purchase_survey(order_id=int(event.subject_id), recorded_at=event.created_at)


HANDLERS = {
    "ticket.resolved": after_resolution,
    "ticket.reopened": after_reopen,
    "order.created": after_purchase,
    "order.delivered": after_purchase,
}
