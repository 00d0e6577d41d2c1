"""Every write of the tickets app: ``verb_object(*, actor, ...)``, one transaction each.

Each service checks the actor's permission on the ticket first (403, nothing written), then
the version the user read (409 ``stale_version``), then the state table (409
``illegal_transition``), then its input (422); it writes the change, its audit line and its
events together. Implements A-01..A-10.
"""

from kefu.tickets.services.assignment import assign_ticket, auto_assign_ticket
from kefu.tickets.services.attachments import MAX_ATTACHMENT_BYTES, add_attachment
from kefu.tickets.services.closing import (
    close_ticket,
    confirm_satisfaction,
    merge_tickets,
    reopen_ticket,
    resolve_ticket,
)
from kefu.tickets.services.escalations import answer_escalation, escalate_ticket
from kefu.tickets.services.handling import (
    categorize_ticket,
    reply_to_ticket,
    set_priority,
    start_diagnosis,
    update_ticket,
)
from kefu.tickets.services.intake import NewTicket, open_ticket, record_customer_message
from kefu.tickets.services.promises import DelayNotice, announce_delay, promise_resolution
from kefu.tickets.services.solutions import (
    SolutionOption,
    offer_solutions,
    record_customer_choice,
    record_solution_progress,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "DelayNotice",
    "NewTicket",
    "SolutionOption",
    "add_attachment",
    "announce_delay",
    "answer_escalation",
    "assign_ticket",
    "auto_assign_ticket",
    "categorize_ticket",
    "close_ticket",
    "confirm_satisfaction",
    "escalate_ticket",
    "merge_tickets",
    "offer_solutions",
    "open_ticket",
    "promise_resolution",
    "record_customer_choice",
    "record_customer_message",
    "record_solution_progress",
    "reopen_ticket",
    "reply_to_ticket",
    "resolve_ticket",
    "set_priority",
    "start_diagnosis",
    "update_ticket",
]
