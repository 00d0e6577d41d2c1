"""Core API: health, the current user, API tokens, the audit log and the failed outbox."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.responses import Status

from kefu.core import events, ops
from kefu.core.models import ApiToken, AuditEntry, Delivery, User
from kefu.core.pagination import Page, page
from kefu.core.permissions import require
from kefu.core.schemas import (
    AuditOut,
    DeliveryOut,
    Health,
    TokenCreated,
    TokenIn,
    TokenOut,
    UserOut,
)
from kefu.core.tokens import create_api_token, revoke_api_token

router = Router(tags=["core"])


class AuditFilter(Schema):
    action: str | None = None
    subject_type: str | None = None
    subject_id: str | None = None
    actor_id: int | None = None
    limit: int = 50
    offset: int = 0


@router.get("/health", auth=None, response=Health)
def health(request: HttpRequest) -> dict[str, object]:
    """Database, worker heartbeat age and outbox backlog, for load balancers and monitors."""
    return {"status": "ok", "version": "1", **ops.health()}


@router.get("/me", response=UserOut)
def me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    require(request.user, "token.manage")  # type: ignore[arg-type]
    return list(ApiToken.objects.order_by("-created_at")[:200])


@router.post("/tokens", response={201: TokenCreated})
def create_token(request: HttpRequest, body: TokenIn) -> Status[dict[str, object]]:
    actor = request.user
    user = actor if body.user_id is None else get_object_or_404(User, pk=body.user_id)
    token, key = create_api_token(actor=actor, user=user, name=body.name)  # type: ignore[arg-type]
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.delete("/tokens/{token_id}", response=TokenOut)
def revoke_token(request: HttpRequest, token_id: int) -> ApiToken:
    return revoke_api_token(actor=request.user, token_id=token_id)  # type: ignore[arg-type]


@router.get("/audit", response=Page[AuditOut])
def audit_log(request: HttpRequest, filters: Query[AuditFilter]) -> dict[str, object]:
    require(request.user, "audit.view")  # type: ignore[arg-type]
    qs = AuditEntry.objects.all()
    for field in ("action", "subject_type", "subject_id", "actor_id"):
        value = getattr(filters, field)
        if value is not None:
            qs = qs.filter(**{field: value})
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.get("/outbox/failed", response=list[DeliveryOut])
def failed_deliveries(request: HttpRequest) -> list[Delivery]:
    require(request.user, "outbox.manage")  # type: ignore[arg-type]
    return list(
        Delivery.objects.select_related("event")
        .filter(status=Delivery.Status.FAILED)
        .order_by("-next_attempt_at")[:200]
    )


@router.post("/outbox/{delivery_id}/retry", response={204: None})
def retry_delivery(request: HttpRequest, delivery_id: int) -> Status[None]:
    events.retry_failed(actor=request.user, delivery_id=delivery_id)  # type: ignore[arg-type]
    return Status(204, None)
