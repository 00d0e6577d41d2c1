"""The notification dispatcher: claim a queued message, send it outside any transaction, record it.

A worker claims a message with a conditional UPDATE (queued and due → sending), so two
workers never send the same row; a message marked ``sent`` is never claimed again. The
provider call happens outside any database transaction, so a slow gateway holds no lock.
The one possible duplicate: the worker dies after the provider accepted the message and
before the ``sent`` mark commits; after the claim lease the message is sent again. To let
providers drop that duplicate, every backend passes the message id as the provider's
idempotency key where it has one (the SMS gateway's ``out_id``, the email ``Message-ID``).
"""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from kefu.core.events import CLAIM_LEASE, MAX_ATTEMPTS, retry_delay
from kefu.core.logging import scrub
from kefu.notify.backends import backend_for
from kefu.notify.models import Message

log = logging.getLogger(__name__)

S = Message.Status
__all__ = ["CLAIM_LEASE", "MAX_ATTEMPTS", "dispatch", "dispatch_due", "release_stale_claims"]


def dispatch(message_id: int) -> bool:
    """Send one due message unless another worker has it. True if it was sent now.

    Must run outside ``transaction.atomic`` (tasks and periodic jobs do): the claim and
    the result each commit on their own, around the provider call.
    """
    now = timezone.now()
    claimed = Message.objects.filter(pk=message_id, status=S.QUEUED, next_attempt_at__lte=now)
    if not claimed.update(status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1):
        return False
    message = Message.objects.get(pk=message_id)
    try:
        provider_id = backend_for(message.channel).send(message)
    except Exception as exc:  # any provider failure is retried; the worker goes on
        _schedule_retry(message, exc)
        return False
    # Also when the lease ran out meanwhile: the provider has it, so it must not go again.
    Message.objects.filter(pk=message_id).exclude(status=S.SENT).update(
        status=S.SENT,
        sent_at=timezone.now(),
        provider_message_id=str(provider_id)[:200],
        last_error="",
        claimed_at=None,
    )
    return True


def _schedule_retry(message: Message, exc: Exception) -> None:
    gave_up = message.attempts >= MAX_ATTEMPTS
    text = f"{type(exc).__name__}: {exc}"
    if message.recipient:  # providers echo the address back; keep it out of the error
        text = text.replace(message.recipient, message.masked_recipient)
    error = scrub(text)[:2000]
    log.warning(
        "notification %s (%s via %s) attempt %s failed: %s",
        message.pk,
        message.template_event,
        message.channel,
        message.attempts,
        error,
    )
    Message.objects.filter(pk=message.pk, status=S.SENDING).update(
        status=S.FAILED if gave_up else S.QUEUED,
        next_attempt_at=timezone.now() + retry_delay(message.attempts),
        last_error=error,
        claimed_at=None,
    )


def release_stale_claims() -> int:
    """Give back messages claimed by a worker that died (claim older than the lease)."""
    now = timezone.now()
    return Message.objects.filter(status=S.SENDING, claimed_at__lt=now - CLAIM_LEASE).update(
        status=S.QUEUED, next_attempt_at=now, claimed_at=None
    )


def dispatch_due(*, limit: int = 200) -> int:
    """Give back stale claims, then send due messages, oldest due first. Returns how many sent."""
    release_stale_claims()
    due = (
        Message.objects.filter(status=S.QUEUED, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(dispatch(pk) for pk in list(due))
