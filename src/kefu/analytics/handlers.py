"""Ticket events → the ticket's row of figures brought up to date (Y-01)."""

from __future__ import annotations

from kefu.analytics.facts import refresh_ticket_facts
from kefu.core.models import Event

# Every event after which a ticket's channel, team, agent, category, product, first reply,
# resolution, state or escalations may have changed.
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
    "ticket.solution_offered",
    "ticket.solution_chosen",
    "ticket.progress",
)


def refresh_ticket(event: Event) -> None:
    if event.subject_type == "tickets.ticket":
        refresh_ticket_facts([int(event.subject_id)])


HANDLERS = dict.fromkeys(TICKET_EVENTS, refresh_ticket)
