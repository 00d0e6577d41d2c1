"""Every write of the notify app: queue a notification, retry a failed one, read, edit templates."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.core.models import Event, User
from kefu.core.permissions import require
from kefu.notify import tasks
from kefu.notify.models import Language, Message, MessageChannel, MessageTemplate
from kefu.notify.recipients import channel_of, recipient_for
from kefu.notify.rendering import check_placeholders, find_template, normalize_language, render
from kefu.notify.workflow import MESSAGE_FLOW

log = logging.getLogger(__name__)

TEMPLATE_FIELDS = ("subject", "body", "active")


def notify(
    *,
    event: Event | None,
    channel: str,
    recipient: str | None,
    template_event: str,
    language: str | None,
    context: Mapping[str, Any],
    customer_id: int | None = None,
    user: User | None = None,
    headers: Mapping[str, Any] | None = None,
) -> Message | None:
    """Queue one notification, rendered now, sent by a worker after the caller commits.

    At most one message per (event, channel, recipient): calling again for the same event
    returns the message already queued (or sent), never a second one. Returns None when
    there is no one to send to or no active template for (template_event, channel) in the
    language or in Simplified Chinese. Meant for event handlers, inside their transaction;
    the caller has already decided that this person may be told. ``headers`` are extra mail
    headers (In-Reply-To, References) of a reply. Implements P-08.
    """
    channel = channel_of(channel)
    address = recipient_for(channel, recipient, user)
    if not address:
        return None
    existing = _existing(event, channel, address)
    if existing is not None:
        return existing
    language = normalize_language(language)
    template = find_template(template_event, channel, language)
    if template is None:
        log.warning("no active %s template for %s (%s)", channel, template_event, language)
        return None
    subject, body = render(template, context)
    row = Message(
        event=event,
        template_event=template_event,
        channel=channel,
        recipient=address,
        customer_id=customer_id if customer_id is not None else getattr(event, "customer_id", None),
        user=user,
        language=template.language,
        subject=subject[:200],
        body=body,
        headers=dict(headers or {}),
    )
    try:
        with transaction.atomic():  # a savepoint: a lost race must not break the caller's
            row.save()
    except IntegrityError:
        existing = _existing(event, channel, address)
        if existing is None:
            raise
        return existing
    transaction.on_commit(lambda: tasks.send_message.enqueue(row.pk))
    return row


def _existing(event: Event | None, channel: str, address: str) -> Message | None:
    if event is None:  # a manual send is never deduplicated
        return None
    return Message.objects.filter(event=event, channel=channel, recipient=address).first()


def notify_user_in_app(
    *,
    user: User,
    template_event: str,
    context: Mapping[str, Any],
    event: Event | None = None,
    language: str | None = None,
) -> Message | None:
    """Queue an in-app notice for a staff member, in their language unless one is given.

    Once per (event, user) like every notification. Implements P-08.
    """
    return notify(
        event=event,
        channel=MessageChannel.IN_APP,
        recipient=None,
        user=user,
        template_event=template_event,
        language=language or user.language,
        context=context,
    )


def retry_message(*, actor: User, message_id: int) -> Message:
    """Put a failed notification back in the queue with fresh attempts; sent soon after commit.

    Supervisors and above; only a failed message can be retried. Implements P-08.
    """
    require(actor, "notification.retry")
    with transaction.atomic():
        row = Message.objects.select_for_update().filter(pk=message_id).first()
        if row is None:
            raise NotFound("notification_not_found", _("No such notification."))
        MESSAGE_FLOW.next_state(row.status, "retry", actor)
        now = timezone.now()
        Message.objects.filter(pk=row.pk, status=Message.Status.FAILED).update(
            status=Message.Status.QUEUED, attempts=0, next_attempt_at=now, claimed_at=None
        )
        record_audit(
            actor=actor,
            action="notification.retried",
            subject=row,
            data={"channel": row.channel, "attempts": row.attempts},
        )
        transaction.on_commit(lambda: tasks.send_message.enqueue(row.pk))
    row.refresh_from_db()
    return row


@transaction.atomic  # a failed UPDATE (an id too large) leaves a caller's transaction usable
def mark_read(*, actor: User, message_ids: list[int] | None = None) -> int:
    """Mark the actor's own unread in-app notices read (all of them when no ids are given).

    Returns how many changed; someone else's ids are ignored. Implements P-08.
    """
    require(actor, "notification.read_own")
    qs = Message.objects.filter(user=actor, channel=MessageChannel.IN_APP, read_at__isnull=True)
    if message_ids is not None:
        qs = qs.filter(pk__in=message_ids)
    return qs.update(read_at=timezone.now())


def save_template(
    *, actor: User, template_id: int | None = None, values: Mapping[str, Any]
) -> MessageTemplate:
    """Create a template (event, channel, language, subject, body, active) or edit one.

    Editing changes only subject, body and active. Placeholders must be plain names like
    ``{ticket_number}``; one template per (event, channel, language). Managers and admins.
    Implements P-08.
    """
    require(actor, "notification.manage_templates")
    with transaction.atomic():
        row = _template_to_save(template_id, values)
        for field in TEMPLATE_FIELDS:
            if field in values:
                setattr(row, field, values[field])
        row.subject, row.body = str(row.subject).strip(), str(row.body).strip()
        _check_template(row)
        row.updated_at = timezone.now()
        row.save()
        record_audit(
            actor=actor,
            action=f"notification_template.{'created' if template_id is None else 'changed'}",
            subject=row,
            data={"event": row.event, "channel": row.channel, "language": row.language},
        )
    return row


def _template_to_save(template_id: int | None, values: Mapping[str, Any]) -> MessageTemplate:
    if template_id is not None:
        row = MessageTemplate.objects.select_for_update().filter(pk=template_id).first()
        if row is None:
            raise NotFound("template_not_found", _("No such message template."))
        return row
    event = str(values.get("event", "")).strip()
    channel = channel_of(str(values.get("channel", "")))
    language = str(values.get("language", ""))
    if not event:
        raise InvalidInput("invalid_template", _("Name the event."), {"event": _("required")})
    if language not in Language.values:
        raise InvalidInput(
            "invalid_template", _("Unknown language."), {"language": ", ".join(Language.values)}
        )
    if MessageTemplate.objects.filter(event=event, channel=channel, language=language).exists():
        raise Conflict(
            "template_exists",
            _("There is already a template for this event, channel and language."),
        )
    return MessageTemplate(event=event, channel=channel, language=language)


def _check_template(row: MessageTemplate) -> None:
    if not row.body:
        raise InvalidInput("invalid_template", _("The text is empty."), {"body": _("required")})
    if len(row.subject) > 200:
        raise InvalidInput(
            "invalid_template", _("The subject is too long."), {"subject": _("at most 200")}
        )
    check_placeholders(row.subject, "subject")
    check_placeholders(row.body, "body")
