"""Every write of channels: file an inbound email or WeChat message, re-run the quarantine.

An email is filed once per Message-ID (the unique ``MailRecord`` row holds across worker
restarts and between the IMAP poller and the LMTP listener). Auto-replies and bounces are
recorded and ignored: they never open a ticket and are never answered. Anything that cannot be
filed is kept whole in the quarantine. Implements P-02.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.channels import threads, wechat
from kefu.channels.mailparse import Malformed, ParsedMail, parse
from kefu.channels.models import MailRecord, QuarantinedEmail, Source, WeChatMessage
from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, DomainError, NotFound
from kefu.core.models import Channel, User
from kefu.core.permissions import require
from kefu.tickets.models import Ticket
from kefu.tickets.services import NewTicket, open_ticket
from kefu.tickets.services.attachments import CheckedFile
from kefu.tickets.services.inbound import record_channel_message
from kefu.tickets.services.intake import DESCRIPTION_MAX, MESSAGE_MAX

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filed:
    """What became of one email: ``outcome`` is a MailRecord outcome, ``duplicate`` or
    ``quarantined``."""

    outcome: str
    record: MailRecord | None = None
    quarantine: QuarantinedEmail | None = None


def ingest_email(raw: bytes, *, source: str) -> Filed:
    """File one raw email from the IMAP poller or the LMTP/SMTP listener. Implements P-02."""
    try:
        parsed = parse(raw)
    except Malformed as exc:
        return Filed("quarantined", quarantine=quarantine(raw, source=source, error=str(exc)))
    if MailRecord.objects.filter(message_id=parsed.message_id).exists():
        return Filed("duplicate")
    result = _file_safely(parsed, source)
    if isinstance(result, MailRecord):
        return Filed(result.outcome, record=result)
    if MailRecord.objects.filter(message_id=parsed.message_id).exists():
        return Filed("duplicate")  # another process filed it in the meantime
    return Filed("quarantined", quarantine=quarantine(raw, source=source, error=result))


def _file_safely(parsed: ParsedMail, source: str) -> MailRecord | str:
    """The filed record, or why filing failed (a message must never be lost)."""
    try:
        return _file(parsed, source)
    except IntegrityError:
        return "conflict: the Message-ID was filed at the same time elsewhere"
    except DomainError as exc:
        return f"{exc.code}: {exc.message} {exc.fields}"
    except Exception as exc:  # whatever went wrong, the message goes to the quarantine
        log.exception("email could not be filed; quarantined")
        return f"{type(exc).__name__}: {exc}"


@transaction.atomic
def _file(parsed: ParsedMail, source: str) -> MailRecord:
    record = MailRecord(
        message_id=parsed.message_id,
        source=source,
        subject=parsed.subject,
        sender=parsed.sender,
    )
    if parsed.automatic:
        record.outcome = MailRecord.Outcome.AUTOMATIC
        record.notes = {"automatic": parsed.automatic}
        record.ticket = threads.ticket_for(parsed)
        record.save()
        return record
    checked, refused = threads.checked_files(parsed.attachments)
    record.notes = {"refused_attachments": refused} if refused else {}
    ticket = threads.ticket_for(parsed)
    if ticket is not None:
        try:
            with transaction.atomic():
                message = record_channel_message(
                    ticket=ticket,
                    body=_text(parsed, MESSAGE_MAX),
                    channel=Channel.EMAIL,
                    files=checked,
                )
        except Conflict:  # closed: the customer's new email is a new case
            ticket = None
        else:
            record.outcome, record.ticket = MailRecord.Outcome.REPLIED, ticket
            record.ticket_message = message
    if ticket is None:
        record.outcome, record.ticket = MailRecord.Outcome.OPENED, _open(parsed, checked)
    record.save()
    return record


def _text(parsed: ParsedMail, limit: int) -> str:
    text = parsed.text or parsed.subject or _("(The email had no text.)")
    return text[:limit]


def _open(parsed: ParsedMail, checked: list[CheckedFile]) -> Ticket:
    head = f"{parsed.subject}\n\n" if parsed.subject and parsed.text else ""
    draft = NewTicket(
        description=head + _text(parsed, DESCRIPTION_MAX - len(head)),
        channel=Channel.EMAIL,
        name=parsed.sender_name or parsed.sender.partition("@")[0],
        email=parsed.sender,
        attachments=[one.upload for one in checked],
    )
    return open_ticket(actor=None, draft=draft)


def quarantine(raw: bytes, *, source: str, error: str) -> QuarantinedEmail:
    """Keep ``raw`` for an admin; the same bytes twice are one row with two attempts."""
    digest = hashlib.sha256(raw).hexdigest()
    with transaction.atomic():
        row, created = QuarantinedEmail.objects.get_or_create(
            sha256=digest,
            defaults={"raw": raw, "size": len(raw), "source": source, "error": error[:4000]},
        )
        if not created:
            row.attempts += 1
            row.error = error[:4000]
            row.save(update_fields=["attempts", "error"])
    log.warning("email quarantined (%s bytes): %s", len(raw), error[:200])
    return row


def release_quarantined(*, actor: User, quarantined_id: int) -> Filed:
    """Run a held email through filing again (after a fix); it stays held if it fails again.

    Admins only. Implements P-02.
    """
    require(actor, "channels.quarantine")
    row = QuarantinedEmail.objects.filter(pk=quarantined_id).first()
    if row is None:
        raise NotFound("quarantine_not_found", _("No such quarantined email."))
    if row.status != QuarantinedEmail.Status.HELD:
        raise Conflict("already_released", _("This email was already filed."))
    filed = ingest_email(bytes(row.raw), source=Source.ADMIN)
    with transaction.atomic():
        row = QuarantinedEmail.objects.select_for_update().get(pk=row.pk)
        if filed.outcome != "quarantined":
            row.status, row.released_at = QuarantinedEmail.Status.RELEASED, timezone.now()
            row.record = filed.record or _record_of(bytes(row.raw))
            row.save(update_fields=["status", "released_at", "record"])
        record_audit(
            actor=actor,
            action="channels.quarantine_rerun",
            subject=row,
            data={"outcome": filed.outcome},
        )
    return filed


def _record_of(raw: bytes) -> MailRecord | None:
    """The record a duplicate was filed as before."""
    return MailRecord.objects.filter(message_id=parse(raw).message_id).first()


def ingest_wechat(fields: dict[str, str]) -> WeChatMessage | None:
    """File one follower message: a reply on their open WeChat ticket, else a new ticket.

    A MsgId WeChat sends again (it retries when we answer slowly) is filed once; events
    (follow, menu clicks) and messages without text are not tickets. Implements P-02.
    """
    text = wechat.text_of(fields)
    if not text:
        return None
    msg_id = fields["MsgId"] or f"{fields['FromUserName']}:{fields['CreateTime']}"
    with transaction.atomic():
        row, created = WeChatMessage.objects.select_for_update().get_or_create(
            msg_id=msg_id[:64],
            defaults={"openid": fields["FromUserName"][:128], "kind": fields["MsgType"][:20]},
        )
        if created:
            row.ticket, row.opened_ticket = _file_wechat(row.openid, text)
            row.save(update_fields=["ticket", "opened_ticket"])
    return row


def _file_wechat(openid: str, text: str) -> tuple[Ticket, bool]:
    """The ticket the follower's text went to, and whether it was opened for it."""
    ticket = (
        Ticket.objects.filter(customer__wechat_id=openid, channel=Channel.WECHAT)
        .exclude(status__in=["closed", "merged"])
        .order_by("-created_at")
        .first()
    )
    if ticket is not None:
        try:
            with transaction.atomic():
                record_channel_message(
                    ticket=ticket, body=text[:MESSAGE_MAX], channel=Channel.WECHAT
                )
        except Conflict:  # resolved and waiting to close: the new message is a new case
            pass
        else:
            return ticket, False
    draft = NewTicket(
        description=text[:DESCRIPTION_MAX],
        channel=Channel.WECHAT,
        name=_("WeChat follower"),
        wechat_id=openid,
    )
    return open_ticket(actor=None, draft=draft), True
