"""Which ticket an inbound email continues, and which of its attachments the ticket keeps.

An email continues a ticket when its In-Reply-To or References name a message of the ticket
(one we received, a reply we sent, or a progress notice we mailed), or when its subject
carries the ticket number and it comes from the ticket's customer. A merged ticket's mail
goes to the ticket it was merged into.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.channels.mailparse import ParsedMail, Part
from kefu.channels.models import MailRecord
from kefu.core.errors import InvalidInput
from kefu.notify.models import Message
from kefu.tickets.models import Ticket
from kefu.tickets.services.attachments import MAX_ATTACHMENT_BYTES, CheckedFile, check_upload

TICKET_NUMBER = re.compile(r"\bT\d{10}\b")
NOTICE_ID = re.compile(r"^<kefu-notification-(\d+)@")
MAX_FILES = 10


def _followed(ticket: Ticket | None) -> Ticket | None:
    for _hop in range(5):
        if ticket is None or ticket.merged_into_id is None:
            return ticket
        ticket = Ticket.objects.filter(pk=ticket.merged_into_id).first()
    return ticket


def _noticed_ticket(thread_ids: list[str]) -> Ticket | None:
    """The ticket of a progress notice we mailed (its Message-ID names the notification)."""
    ids = [int(m.group(1)) for one in thread_ids if (m := NOTICE_ID.match(one))]
    event_subjects = Message.objects.filter(
        pk__in=ids, event__subject_type=Ticket._meta.label_lower
    ).values_list("event__subject_id", flat=True)
    subject_id = next(iter(event_subjects), None)
    return Ticket.objects.filter(pk=subject_id).first() if subject_id else None


def ticket_for(parsed: ParsedMail) -> Ticket | None:
    """The ticket ``parsed`` answers, or None for a new case."""
    if parsed.thread_ids:
        known = (
            MailRecord.objects.filter(message_id__in=parsed.thread_ids, ticket__isnull=False)
            .select_related("ticket")
            .order_by("-created_at", "-pk")
            .first()
        )
        if known is not None:
            return _followed(known.ticket)
        notice = _noticed_ticket(parsed.thread_ids)
        if notice is not None:
            return _followed(notice)
    for number in TICKET_NUMBER.findall(parsed.subject):
        ticket = Ticket.objects.select_related("customer").filter(number=number).first()
        if ticket is not None and ticket.customer.email.lower() == parsed.sender:
            return _followed(ticket)
    return None


def checked_files(parts: list[Part]) -> tuple[list[CheckedFile], list[dict[str, str]]]:
    """The attachments that pass the ticket's checks (type by content, size), and the refused
    ones with the reason code; at most ``MAX_FILES`` are kept."""
    kept: list[CheckedFile] = []
    refused: list[dict[str, str]] = []
    for part in parts:
        name = PurePath(part.name.replace("\\", "/")).name[-200:] or "attachment"
        if len(kept) >= MAX_FILES:
            refused.append({"name": name, "reason": "too_many_files"})
            continue
        if len(part.data) > MAX_ATTACHMENT_BYTES:
            refused.append({"name": name, "reason": "attachment_too_large"})
            continue
        try:
            kept.append(check_upload(SimpleUploadedFile(name, part.data, part.content_type)))
        except InvalidInput as exc:
            refused.append({"name": name, "reason": exc.code})
    return kept, refused
