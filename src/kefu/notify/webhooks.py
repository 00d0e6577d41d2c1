"""Webhook deliveries through the outbox: fan an event out to its subscribers, sign and POST it.

An event a subscription names gets one ``WebhookDelivery`` row per subscription and one outbox
event ``webhook.delivery`` about that row, whose handler makes the request. A failed request
raises, so the outbox retries it with its backoff (30 s, 1 min, 2 min, ... up to 8 attempts)
and keeps the attempts and the last error; a refused address is final and is never retried.

The body is the event as JSON; ``X-Kefu-Signature: sha256=<hex>`` is the HMAC-SHA256, under
the subscription's secret, of ``"<X-Kefu-Timestamp>.<body>"``. A receiver recomputes it and
drops requests whose timestamp is more than five minutes old. Implements P-06.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from django.conf import settings
from django.utils import timezone

from kefu.core.events import record_event
from kefu.core.models import Event
from kefu.notify import ssrf
from kefu.notify.models import WebhookAllowedHost, WebhookDelivery, WebhookSubscription

# The events a subscription may name: the record changes an outside system acts on.
WEBHOOK_EVENTS = (
    "ticket.received",
    "ticket.replied",
    "ticket.customer_wrote",
    "ticket.progress",
    "ticket.resolved",
    "ticket.closed",
    "ticket.reopened",
    "ticket.escalated",
    "complaint.assigned",
    "complaint.closed",
    "deadline.breached",
)
DELIVERY_EVENT = "webhook.delivery"


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; the outbox tries again later."""


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def payload(event: Event) -> bytes:
    data = {
        "id": event.pk,
        "event": event.name,
        "created_at": event.created_at.isoformat(),
        "subject": {"type": event.subject_type, "id": event.subject_id},
        "data": event.payload,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def fan_out(event: Event) -> None:
    """Queue one delivery of ``event`` per active subscription that names it."""
    for subscription in WebhookSubscription.objects.filter(active=True):
        if event.name not in subscription.events:
            continue
        row, created = WebhookDelivery.objects.get_or_create(subscription=subscription, event=event)
        if created:
            record_event(DELIVERY_EVENT, subject=row, payload={"event": event.name})


def allowed_hosts() -> frozenset[str]:
    return frozenset(WebhookAllowedHost.objects.values_list("host", flat=True))


def send(outbox_event: Event) -> None:
    """Handler of ``webhook.delivery``: POST the signed event once; raise to be retried."""
    row = (
        WebhookDelivery.objects.select_related("subscription", "event")
        .filter(pk=outbox_event.subject_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if row is None:
        return
    if not row.subscription.active:
        row.status, row.refusal = WebhookDelivery.Status.REFUSED, "the subscription is switched off"
        row.save(update_fields=["status", "refusal"])
        return
    try:
        target = ssrf.check_url(row.subscription.url, allowed_hosts())
    except ssrf.Refused as exc:
        row.status, row.refusal = WebhookDelivery.Status.REFUSED, str(exc)[:300]
        row.save(update_fields=["status", "refusal"])
        return
    status = ssrf.post(target, *_signed(row), timeout=float(settings.KEFU_WEBHOOK_TIMEOUT))
    row.response_status = status
    if not 200 <= status < 300:
        # 3xx included: a redirect is never followed, the receiver must give its real URL.
        raise DeliveryFailed(f"the receiver answered HTTP {status}")
    row.status, row.delivered_at = WebhookDelivery.Status.DELIVERED, timezone.now()
    row.save(update_fields=["status", "delivered_at", "response_status"])


def _signed(row: WebhookDelivery) -> tuple[bytes, dict[str, str]]:
    body = payload(row.event)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Kefu-Webhook/1",
        "X-Kefu-Event": row.event.name,
        "X-Kefu-Delivery": str(row.pk),
        "X-Kefu-Timestamp": timestamp,
        "X-Kefu-Signature": signature(row.subscription.secret, timestamp, body),
    }
    return body, headers
