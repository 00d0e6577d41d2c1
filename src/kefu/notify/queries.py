"""Shared reads of notify: the outbox, a user's unread in-app notices, the webhook log."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput
from kefu.core.models import Delivery, User
from kefu.core.permissions import require, visible_to
from kefu.notify.models import (
    Message,
    MessageChannel,
    MessageTemplate,
    WebhookAllowedHost,
    WebhookDelivery,
    WebhookSubscription,
)
from kefu.notify.webhooks import DELIVERY_EVENT


def message_list(actor: User, *, status: str | None = None) -> QuerySet[Message]:
    """The outbox for supervisors and above, latest first; ``status=failed`` is the failed queue."""
    require(actor, "notification.view")
    qs = visible_to(actor, Message.objects.all())
    if status is not None:
        if status not in Message.Status.values:
            raise InvalidInput(
                "invalid_status", _("Unknown status."), {"status": ", ".join(Message.Status.values)}
            )
        qs = qs.filter(status=status)
    return qs.order_by("-next_attempt_at", "-pk")


def unread_in_app(user: User) -> QuerySet[Message]:
    """The user's delivered in-app notices not yet read, newest first."""
    return (
        visible_to(user, Message.objects.all())
        .filter(
            user=user,
            channel=MessageChannel.IN_APP,
            read_at__isnull=True,
            status=Message.Status.SENT,
        )
        .order_by("-created_at", "-pk")
    )


def template_list(actor: User) -> QuerySet[MessageTemplate]:
    require(actor, "notification.manage_templates")
    return MessageTemplate.objects.all()


def webhook_subscriptions(actor: User) -> QuerySet[WebhookSubscription]:
    """Every webhook subscription (admins). Implements P-06."""
    require(actor, "webhook.manage")
    return WebhookSubscription.objects.all()


def webhook_deliveries(actor: User, *, subscription_id: int | None = None) -> QuerySet[Any]:
    """The delivery log, newest first, with the outbox's attempts and last error of each row."""
    require(actor, "webhook.manage")
    outbox = Delivery.objects.filter(
        event__name=DELIVERY_EVENT,
        event__subject_type=WebhookDelivery._meta.label_lower,
        event__subject_id=Cast(OuterRef("pk"), CharField()),
    )
    qs = WebhookDelivery.objects.select_related("subscription", "event").annotate(
        attempts=Subquery(outbox.values("attempts")[:1]),
        last_error=Subquery(outbox.values("last_error")[:1]),
        outbox_status=Subquery(outbox.values("status")[:1]),
    )
    if subscription_id is not None:
        qs = qs.filter(subscription_id=subscription_id)
    return qs.order_by("-created_at", "-pk")


def webhook_allowed_hosts(actor: User) -> QuerySet[WebhookAllowedHost]:
    require(actor, "webhook.manage")
    return WebhookAllowedHost.objects.all()
