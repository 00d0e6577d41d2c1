"""A customer's own message on their ticket by email or WeChat: no staff member records it.

The channels app calls this once it has matched the message to the ticket (thread headers, the
ticket number in the subject, the WeChat openid). Implements P-02 and A-03.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from kefu.core.models import Channel
from kefu.tickets.models import Direction, Ticket, TicketMessage
from kefu.tickets.services.attachments import CheckedFile, store
from kefu.tickets.services.flow import clean_choice, clean_text, emit, save
from kefu.tickets.services.intake import MESSAGE_MAX, agitation_cues
from kefu.tickets.workflow import WORKFLOW


@transaction.atomic
def record_channel_message(
    *, ticket: Ticket, body: str, channel: str, files: Iterable[CheckedFile] = ()
) -> TicketMessage:
    """Add what the customer wrote (and their checked files) to ``ticket``.

    A closed or merged ticket takes no more messages (409 from the state table); the caller
    opens a new ticket instead. Angry words mark the customer agitated and the ticket urgent.
    """
    locked = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
    WORKFLOW.next_state(locked.status, "reply", None)
    message = TicketMessage.objects.create(
        ticket=locked,
        direction=Direction.INBOUND,
        author=None,
        body=clean_text(body, "body", max_length=MESSAGE_MAX),
        channel=clean_choice(channel, Channel, "channel"),
    )
    for checked in files:
        store(locked, checked, None)
    cues = agitation_cues(message.body)
    if cues and not (locked.agitated and locked.urgent):
        locked.agitated = locked.urgent = True
        save(locked, ["agitated", "urgent"])
    emit("ticket.customer_wrote", locked, None, message_id=message.pk, cues=cues)
    return message
