"""Every write of webhooks: subscribe an outside system to event types, allow an inside host.

Admins only. A subscription's secret is made here and shown once; the URL must be http(s).
Implements P-06.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.notify.models import WebhookAllowedHost, WebhookSubscription
from kefu.notify.webhooks import WEBHOOK_EVENTS


def _clean_url(value: object) -> str:
    url = str(value or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        message = _("Give an http or https address.")
        raise InvalidInput("invalid_webhook", message, {"url": message})
    if parts.username or parts.password:
        message = _("The address may not contain a user name or password.")
        raise InvalidInput("invalid_webhook", message, {"url": message})
    return url


def _clean_events(value: object) -> list[str]:
    events = [str(name) for name in value] if isinstance(value, list | tuple) else []
    unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
    if not events or unknown:
        message = _("Choose one or more of the listed events.")
        raise InvalidInput("invalid_webhook", message, {"events": ", ".join(WEBHOOK_EVENTS)})
    return list(dict.fromkeys(events))


def _clean_name(value: object) -> str:
    name = str(value or "").strip()
    if not name or len(name) > 100:
        message = _("Name the subscription (at most 100 characters).")
        raise InvalidInput("invalid_webhook", message, {"name": message})
    return name


@transaction.atomic
def create_subscription(*, actor: User, values: Mapping[str, Any]) -> WebhookSubscription:
    """Subscribe ``url`` to ``events``; the new row carries its secret. Implements P-06."""
    require(actor, "webhook.manage")
    row = WebhookSubscription.objects.create(
        name=_clean_name(values.get("name")),
        url=_clean_url(values.get("url")),
        events=_clean_events(values.get("events")),
        secret=secrets.token_hex(32),
        active=bool(values.get("active", True)),
        created_by=actor,
    )
    record_audit(actor=actor, action="webhook.subscribed", subject=row, data={"events": row.events})
    return row


@transaction.atomic
def update_subscription(
    *, actor: User, subscription_id: int, values: Mapping[str, Any]
) -> WebhookSubscription:
    """Change a subscription's name, URL, events or active flag. Implements P-06."""
    require(actor, "webhook.manage")
    row = WebhookSubscription.objects.select_for_update().filter(pk=subscription_id).first()
    if row is None:
        raise NotFound("webhook_not_found", _("No such webhook subscription."))
    cleaners = {"name": _clean_name, "url": _clean_url, "events": _clean_events, "active": bool}
    changed = [field for field in cleaners if values.get(field) is not None]
    for field in changed:
        setattr(row, field, cleaners[field](values[field]))
    row.save(update_fields=changed or None)
    record_audit(
        actor=actor, action="webhook.changed", subject=row, data={"fields": sorted(changed)}
    )
    return row


@transaction.atomic
def allow_webhook_host(*, actor: User, host: str, note: str = "") -> WebhookAllowedHost:
    """Let webhooks call ``host`` although it resolves to an inside address (SSRF guard).

    Metadata addresses stay refused whatever is allowed. Implements P-06.
    """
    require(actor, "webhook.manage")
    name = str(host or "").strip().lower().rstrip(".")
    if not name or len(name) > 255 or any(c in name for c in "/:@ ?#"):
        message = _("Give a host name or IP address only, without scheme or port.")
        raise InvalidInput("invalid_host", message, {"host": message})
    if WebhookAllowedHost.objects.filter(host=name).exists():
        raise Conflict("host_already_allowed", _("This host is already allowed."))
    row = WebhookAllowedHost.objects.create(host=name, note=str(note)[:200], created_by=actor)
    record_audit(actor=actor, action="webhook.host_allowed", subject=row, data={"host": name})
    return row


@transaction.atomic
def revoke_webhook_host(*, actor: User, host_id: int) -> None:
    """Take a host off the allow-list; its webhooks are refused again. Implements P-06."""
    require(actor, "webhook.manage")
    row = WebhookAllowedHost.objects.select_for_update().filter(pk=host_id).first()
    if row is None:
        raise NotFound("host_not_found", _("No such allowed host."))
    record_audit(actor=actor, action="webhook.host_revoked", subject=row, data={"host": row.host})
    row.delete()
