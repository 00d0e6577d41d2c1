"""Ticket events → the ticket's row of figures brought up to date (Y-01)."""

from __future__ import annotations

from kefu.analytics.facts import refresh_ticket_facts
from kefu.core.models import Event

# The events after which a ticket's figures can change: channel and product (received),
# team and agent (assigned), category, first reply, escalations, resolution and state.
# Steps in between (solutions, progress notices) change none of them.
TICKET_EVENTS = (
    "ticket.received",
    "ticket.assigned",
    "ticket.replied",
    "ticket.categorized",
    "ticket.escalated",
    "ticket.resolved",
    "ticket.reopened",
    "ticket.closed",
    "ticket.merged",
)


def refresh_ticket(event: Event) -> None:
    if event.subject_type == "tickets.ticket":
        refresh_ticket_facts([int(event.subject_id)])


HANDLERS = dict.fromkeys(TICKET_EVENTS, refresh_ticket)
