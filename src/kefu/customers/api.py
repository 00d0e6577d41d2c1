"""Customers over the API: scoped lists, masked profiles, optimistic updates, reveal, timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.idempotency import idempotent_create
from kefu.core.pagination import Page, page
from kefu.customers import queries, services
from kefu.customers.masking import masked_values
from kefu.customers.models import Customer
from kefu.customers.schemas import (
    CustomerFilter,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    NoteIn,
    NoteOut,
    RevealIn,
    RevealOut,
    TimelineOut,
)

router = Router(tags=["customers"])


def customer_out(row: Customer) -> dict[str, Any]:
    """The customer as the API shows it: personal fields masked."""
    data = {f: getattr(row, f) for f in CustomerOut.model_fields if hasattr(row, f)}
    data.update(masked_values(row), tags=[t.name for t in row.tags.all()], masked=True)
    return data


@router.get("/customers", response=Page[CustomerOut])
def list_customers(request: HttpRequest, filters: Query[CustomerFilter]) -> dict[str, Any]:
    qs = queries.customer_list(
        request.user,  # type: ignore[arg-type]
        owner_id=filters.owner_id,
        team_id=filters.team_id,
        member_level=filters.member_level,
    ).prefetch_related("tags")
    result = page(qs, limit=filters.limit, offset=filters.offset)
    result["items"] = [customer_out(row) for row in result["items"]]
    return result


@router.post("/customers", response={201: CustomerOut})
def create_customer(request: HttpRequest, body: CustomerIn) -> Status[Any]:
    """Create a customer (send `Idempotency-Key` to make retries safe)."""
    data = body.dict(exclude_unset=True)
    return idempotent_create(
        request,
        lambda: customer_out(services.create_customer(actor=request.user, data=data)),  # type: ignore[arg-type]
        CustomerOut,
    )


@router.get("/customers/{customer_id}", response=CustomerOut)
def customer_detail(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    return customer_out(queries.customer(request.user, customer_id))  # type: ignore[arg-type]


@router.patch("/customers/{customer_id}", response=CustomerOut)
def update_customer(request: HttpRequest, customer_id: int, body: CustomerPatch) -> dict[str, Any]:
    """Change fields; `version` is the one you read: a stale one is 409 and changes nothing."""
    changes = body.dict(exclude_unset=True, exclude={"version"})
    row = services.update_customer(
        actor=request.user,  # type: ignore[arg-type]
        customer=queries.customer(request.user, customer_id),  # type: ignore[arg-type]
        version=body.version,
        changes=changes,
    )
    return customer_out(row)


@router.post("/customers/{customer_id}/reveal", response=RevealOut)
def reveal(request: HttpRequest, customer_id: int, body: RevealIn) -> dict[str, Any]:
    """Full values of the named personal fields; the view is written to the audit log."""
    values = services.reveal_personal_data(
        actor=request.user,  # type: ignore[arg-type]
        customer=queries.customer(request.user, customer_id),  # type: ignore[arg-type]
        fields=body.fields,
        request=request,
    )
    return {"id": customer_id, "values": values}


@router.post("/customers/{customer_id}/notes", response={201: NoteOut})
def add_note(request: HttpRequest, customer_id: int, body: NoteIn) -> Status[Any]:
    note = services.add_note(
        actor=request.user,  # type: ignore[arg-type]
        customer=queries.customer(request.user, customer_id),  # type: ignore[arg-type]
        text=body.text,
    )
    return Status(201, note)


@router.get("/customers/{customer_id}/timeline", response=TimelineOut)
def timeline(
    request: HttpRequest, customer_id: int, limit: int = 50, before: datetime | None = None
) -> dict[str, Any]:
    """Orders, tickets, complaints, callbacks, surveys, coupons and notes, newest first."""
    entries = queries.customer_timeline(
        request.user,  # type: ignore[arg-type]
        queries.customer(request.user, customer_id),  # type: ignore[arg-type]
        limit=limit,
        before=before,
    )
    return {"items": entries, "next_before": entries[-1].at if len(entries) >= limit else None}
