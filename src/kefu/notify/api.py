"""Notifications over the API: the outbox, my in-app notices, templates, webhooks (P-06)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.pagination import Page, page
from kefu.notify import queries, services, webhook_services
from kefu.notify.models import (
    Message,
    MessageTemplate,
    WebhookAllowedHost,
    WebhookSubscription,
)
from kefu.notify.schemas import (
    AllowedHostIn,
    AllowedHostOut,
    InAppOut,
    MarkedOut,
    MarkReadIn,
    MessageFilter,
    MessageOut,
    TemplateIn,
    TemplateOut,
    TemplatePatch,
    WebhookCreated,
    WebhookDeliveryOut,
    WebhookIn,
    WebhookOut,
    WebhookPatch,
)

router = Router(tags=["notifications"])


@router.get("/notifications", response=Page[MessageOut])
def notifications(request: HttpRequest, filters: Query[MessageFilter]) -> dict[str, object]:
    """The outbox (supervisors and above); `?status=failed` is the failed queue."""
    qs = queries.message_list(request.user, status=filters.status)  # type: ignore[arg-type]
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.post("/notifications/{message_id}/retry", response=MessageOut)
def retry_notification(request: HttpRequest, message_id: int) -> Message:
    """Queue a failed notification again."""
    return services.retry_message(actor=request.user, message_id=message_id)  # type: ignore[arg-type]


@router.get("/me/notifications", response=Page[InAppOut])
def my_notifications(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict[str, object]:
    """My unread in-app notices, newest first."""
    return page(queries.unread_in_app(request.user), limit=limit, offset=offset)  # type: ignore[arg-type]


@router.post("/me/notifications/read", response=MarkedOut)
def read_my_notifications(request: HttpRequest, body: MarkReadIn) -> dict[str, int]:
    """Mark my in-app notices read: the ids given, or all."""
    return {"marked": services.mark_read(actor=request.user, message_ids=body.ids)}  # type: ignore[arg-type]


@router.get("/notification-templates", response=Page[TemplateOut])
def templates(request: HttpRequest, limit: int = 200, offset: int = 0) -> dict[str, object]:
    """Message templates per event, channel and language (managers and admins)."""
    return page(queries.template_list(request.user), limit=limit, offset=offset)  # type: ignore[arg-type]


@router.post("/notification-templates", response={201: TemplateOut})
def create_template(request: HttpRequest, body: TemplateIn) -> Status[MessageTemplate]:
    row = services.save_template(actor=request.user, values=body.dict())  # type: ignore[arg-type]
    return Status(201, row)


@router.patch("/notification-templates/{template_id}", response=TemplateOut)
def update_template(request: HttpRequest, template_id: int, body: TemplatePatch) -> MessageTemplate:
    return services.save_template(
        actor=request.user,  # type: ignore[arg-type]
        template_id=template_id,
        values=body.dict(exclude_unset=True, exclude_none=True),
    )


@router.get("/webhooks", response=Page[WebhookOut])
def webhooks(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict[str, object]:
    """Webhook subscriptions (admins); the secrets are never listed."""
    qs = queries.webhook_subscriptions(request.user)  # type: ignore[arg-type]
    return page(qs, limit=limit, offset=offset)


@router.post("/webhooks", response={201: WebhookCreated})
def create_webhook(request: HttpRequest, body: WebhookIn) -> Status[WebhookSubscription]:
    """Subscribe a URL to event types; the answer carries the signing secret, once."""
    row = webhook_services.create_subscription(actor=request.user, values=body.dict())  # type: ignore[arg-type]
    return Status(201, row)


@router.patch("/webhooks/{subscription_id}", response=WebhookOut)
def update_webhook(
    request: HttpRequest, subscription_id: int, body: WebhookPatch
) -> WebhookSubscription:
    return webhook_services.update_subscription(
        actor=request.user,  # type: ignore[arg-type]
        subscription_id=subscription_id,
        values=body.dict(exclude_unset=True, exclude_none=True),
    )


@router.get("/webhook-deliveries", response=Page[WebhookDeliveryOut])
def webhook_deliveries(
    request: HttpRequest, subscription_id: int | None = None, limit: int = 50, offset: int = 0
) -> dict[str, object]:
    """The delivery log, newest first, with the outbox attempts and last error."""
    qs = queries.webhook_deliveries(request.user, subscription_id=subscription_id)  # type: ignore[arg-type]
    return page(qs, limit=limit, offset=offset)


@router.get("/webhook-allowed-hosts", response=Page[AllowedHostOut])
def allowed_hosts(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict[str, object]:
    return page(queries.webhook_allowed_hosts(request.user), limit=limit, offset=offset)  # type: ignore[arg-type]


@router.post("/webhook-allowed-hosts", response={201: AllowedHostOut})
def allow_host(request: HttpRequest, body: AllowedHostIn) -> Status[WebhookAllowedHost]:
    """Let webhooks call a host that resolves to an inside address (admins)."""
    row = webhook_services.allow_webhook_host(actor=request.user, host=body.host, note=body.note)  # type: ignore[arg-type]
    return Status(201, row)
