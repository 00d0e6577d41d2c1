"""Outbox handlers of channels: an agent's answer goes back where the customer wrote from.

An answer on the email channel is mailed with In-Reply-To (the customer's latest email) and
References (the whole thread), so the customer's mail client files it under their own email;
its Message-ID joins the thread index, so their next reply finds the ticket. An answer on the
WeChat channel goes as a template message to the follower's openid. Internal notes never
leave. Implements P-02 and P-08.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from kefu.channels.models import MailRecord, Source
from kefu.core.models import Channel, Event
from kefu.notify.backends.email import message_id_header
from kefu.notify.models import DEFAULT_LANGUAGE
from kefu.notify.services import notify
from kefu.tickets.models import Direction, TicketMessage

REPLY_TEMPLATE = "ticket.reply"
MAX_REFERENCES = 20
RECEIVED = frozenset({MailRecord.Outcome.OPENED, MailRecord.Outcome.REPLIED})
REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|回复|回覆|答复|转发)\s*[:：]\s*)+", re.IGNORECASE)


def _thread(message: TicketMessage) -> tuple[dict[str, str], str]:
    """The thread headers of a reply on ``message.ticket`` and the subject it answers."""
    records = list(MailRecord.objects.filter(ticket=message.ticket).order_by("created_at", "pk"))
    received = [r for r in records if r.outcome in RECEIVED]
    subject = next((r.subject for r in received if r.subject), "")
    subject = REPLY_PREFIX.sub("", subject) or message.ticket.description.splitlines()[0][:80]
    headers = {"Auto-Submitted": "no"}  # a person wrote this: auto-responders may answer
    if received:
        headers["In-Reply-To"] = received[-1].message_id
        headers["References"] = " ".join(r.message_id for r in records[-MAX_REFERENCES:])
    return headers, subject


def _context(message: TicketMessage, subject: str) -> dict[str, str]:
    ticket = message.ticket
    return {
        "reply": message.body,
        "subject": subject,
        "ticket_number": ticket.number,
        "customer_name": ticket.customer.name,
        "agent_name": message.author.display_name if message.author else "",
        "brand": settings.KEFU_BRAND,
    }


def _email_reply(event: Event, message: TicketMessage) -> None:
    customer = message.ticket.customer
    if not customer.email:
        return
    headers, subject = _thread(message)
    sent = notify(
        event=event,
        channel="email",
        recipient=customer.email,
        template_event=REPLY_TEMPLATE,
        language=DEFAULT_LANGUAGE,
        context=_context(message, subject),
        customer_id=customer.pk,
        headers=headers,
    )
    if sent is not None:
        MailRecord.objects.get_or_create(
            message_id=message_id_header(sent),
            defaults={
                "outcome": MailRecord.Outcome.SENT,
                "source": Source.KEFU,
                "ticket": message.ticket,
                "ticket_message": message,
                "subject": sent.subject,
                "sender": settings.DEFAULT_FROM_EMAIL[:254],
            },
        )


def _wechat_reply(event: Event, message: TicketMessage) -> None:
    customer = message.ticket.customer
    if not customer.wechat_id:
        return
    notify(
        event=event,
        channel="wechat",
        recipient=customer.wechat_id,
        template_event=REPLY_TEMPLATE,
        language=DEFAULT_LANGUAGE,
        context=_context(message, message.ticket.description.splitlines()[0][:80]),
        customer_id=customer.pk,
    )


def send_reply(event: Event) -> None:
    """Handler of ``ticket.replied``: mail or WeChat the answer to the customer."""
    if event.payload.get("internal"):
        return
    message = (
        TicketMessage.objects.select_related("ticket__customer", "author")
        .filter(pk=event.payload.get("message_id"), direction=Direction.OUTBOUND)
        .first()
    )
    if message is None:
        return
    if message.channel == Channel.EMAIL:
        _email_reply(event, message)
    elif message.channel == Channel.WECHAT:
        _wechat_reply(event, message)


HANDLERS: dict[str, Any] = {"ticket.replied": send_reply}
