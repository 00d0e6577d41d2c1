"""Notifications over the API: the outbox and its failed queue, my in-app notices, templates."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.pagination import Page, page
from kefu.notify import queries, services
from kefu.notify.models import Message, MessageTemplate
from kefu.notify.schemas import (
    InAppOut,
    MarkedOut,
    MarkReadIn,
    MessageFilter,
    MessageOut,
    TemplateIn,
    TemplateOut,
    TemplatePatch,
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
