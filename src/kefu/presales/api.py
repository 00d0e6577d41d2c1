"""Pre-sales over the API (`/api/v1/presales`): inquiries and replies, leads, needs,
recommendations, objections, pipeline moves, the deal and the report. Implements S-01..S-09.

Refusals come back as ``{"error", "message", "fields"}`` in the request's language: 403, 404,
409 (a move the state table refuses, a stale ``version``), 422 (bad input: an unknown product,
a budget that is not a number above zero); nothing is written then.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from kefu.core.idempotency import idempotent_create
from kefu.core.models import User
from kefu.core.pagination import Page, page
from kefu.presales import queries, reports, services
from kefu.presales.schemas import (
    InquiryIn,
    InquiryOut,
    LeadDetailOut,
    LeadOut,
    LoseIn,
    MoveIn,
    NeedsIn,
    NeedsOut,
    ObjectionIn,
    ObjectionOut,
    OpeningOut,
    PresalesReplyIn,
    RecommendationOut,
    RecommendIn,
    ReplyOut,
    ReportOut,
    SuggestionOut,
    WinIn,
)

router = Router(tags=["presales"])


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/presales/inquiries", response=Page[InquiryOut])
def inquiry_list(
    request: HttpRequest, mine: bool = False, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """The inquiry queue, newest first, each with its deadline states (S-02)."""
    result = page(queries.inquiry_list(_actor(request), mine=mine), limit=limit, offset=offset)
    result["items"] = queries.with_deadlines(result["items"])
    return result


@router.post("/presales/inquiries", response={201: InquiryOut})
def inquiry_create(request: HttpRequest, body: InquiryIn) -> Status[Any]:
    """Record an inquiry from any channel (S-01); `Idempotency-Key` makes a retry safe."""

    def create() -> Any:
        row = services.receive_inquiry(
            actor=_actor(request), data=services.InquiryData(**body.dict())
        )
        return queries.with_deadlines([row])[0]

    return idempotent_create(request, create, InquiryOut)


@router.get("/presales/inquiries/{inquiry_id}", response=InquiryOut)
def inquiry_detail(request: HttpRequest, inquiry_id: int) -> Any:
    return queries.with_deadlines([queries.inquiry(_actor(request), inquiry_id)])[0]


@router.get("/presales/inquiries/{inquiry_id}/opening", response=OpeningOut)
def inquiry_opening(request: HttpRequest, inquiry_id: int) -> dict[str, str]:
    """The opening script for this channel and time of day, filled in (S-03)."""
    row = queries.inquiry(_actor(request), inquiry_id)
    return {"text": queries.opening_text(row, _actor(request), settings.KEFU_BRAND)}


@router.post("/presales/inquiries/{inquiry_id}/replies", response={201: ReplyOut})
def inquiry_reply(request: HttpRequest, inquiry_id: int, body: PresalesReplyIn) -> Status[Any]:
    """Reply; the first is checked for its opening, a promise starts a deadline (S-03, S-04)."""
    row = queries.inquiry(_actor(request), inquiry_id)
    reply = services.reply_to_inquiry(
        actor=_actor(request), inquiry=row, body=body.body, promise=body.promise
    )
    return Status(201, reply)


class LeadFilter(Schema):
    stage: str = ""
    owner_id: int | None = None
    team_id: int | None = None
    limit: int = 50
    offset: int = 0


@router.get("/presales/leads", response=Page[LeadOut])
def lead_list(request: HttpRequest, filters: Query[LeadFilter]) -> dict[str, Any]:
    """Leads the caller sees, most recently moved first, by stage, agent or team (S-08)."""
    qs = queries.lead_list(
        _actor(request),
        stage=filters.stage or None,
        owner_id=filters.owner_id,
        team_id=filters.team_id,
    )
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.get("/presales/leads/{lead_id}", response=LeadDetailOut)
def lead_detail(request: HttpRequest, lead_id: int) -> Any:
    return queries.lead(_actor(request), lead_id)


@router.patch("/presales/leads/{lead_id}/needs", response=NeedsOut)
def lead_needs(request: HttpRequest, lead_id: int, body: NeedsIn) -> Any:
    """Record some of the 5W1H answers and the budget in fen (S-05)."""
    row = queries.lead(_actor(request), lead_id)
    changes = body.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.record_needs(actor=_actor(request), lead=row, version=version, changes=changes)


@router.get("/presales/leads/{lead_id}/suggestions", response=list[SuggestionOut])
def lead_suggestions(request: HttpRequest, lead_id: int) -> list[dict[str, Any]]:
    """Products ranked for the lead's needs, each with its reasons (S-06)."""
    row = queries.lead(_actor(request), lead_id)
    return [
        {
            "product_id": m.product.pk,
            "name": m.product.name,
            "price_fen": m.product.price_fen,
            "score": m.score,
            "reasons": m.reasons,
            "selling_points": m.selling_points,
        }
        for m in queries.suggestions(row)
    ]


@router.post("/presales/leads/{lead_id}/recommendations", response={201: list[RecommendationOut]})
def lead_recommend(request: HttpRequest, lead_id: int, body: RecommendIn) -> Status[Any]:
    row = queries.lead(_actor(request), lead_id)
    rows = services.send_recommendation(
        actor=_actor(request),
        lead=row,
        version=body.version,
        product_ids=body.product_ids,
        message=body.message,
    )
    return Status(201, rows)


@router.post("/presales/leads/{lead_id}/objections", response={201: ObjectionOut})
def lead_objection(request: HttpRequest, lead_id: int, body: ObjectionIn) -> Status[Any]:
    """Record a price, function or trust objection and the RAS answer (S-07)."""
    row = queries.lead(_actor(request), lead_id)
    values = body.dict()
    version = values.pop("version")
    return Status(
        201,
        services.record_objection(actor=_actor(request), lead=row, version=version, **values),
    )


@router.post("/presales/leads/{lead_id}/moves", response=LeadOut)
def lead_move(request: HttpRequest, lead_id: int, body: MoveIn) -> Any:
    """A plain move of the pipeline: contact, negotiate or reopen (S-08)."""
    row = queries.lead(_actor(request), lead_id)
    return services.transition_lead(
        actor=_actor(request), lead=row, version=body.version, action=body.action
    )


@router.post("/presales/leads/{lead_id}/lose", response=LeadOut)
def lead_lose(request: HttpRequest, lead_id: int, body: LoseIn) -> Any:
    row = queries.lead(_actor(request), lead_id)
    return services.lose_lead(
        actor=_actor(request), lead=row, version=body.version, reason=body.reason
    )


@router.post("/presales/leads/{lead_id}/win", response=LeadOut)
def lead_win(request: HttpRequest, lead_id: int, body: WinIn) -> Any:
    """Won: the order linked or entered, the confirmation queued (S-09)."""
    row = queries.lead(_actor(request), lead_id)
    values = body.dict()
    version = values.pop("version")
    return services.win_lead(
        actor=_actor(request), lead=row, version=version, data=services.DealData(**values)
    )


@router.get("/presales/report", response=ReportOut)
def pipeline_report(request: HttpRequest, first: date, last: date) -> dict[str, Any]:
    """Conversion per stage and per agent per month, objections per kind (S-07, S-08)."""
    period = reports.Period(first, last)
    actor = _actor(request)
    return {
        "first": first,
        "last": last,
        "stages": [asdict(r) | {"rate": r.rate} for r in reports.stage_conversion(actor, period)],
        "agents": [asdict(r) | {"rate": r.rate} for r in reports.agent_months(actor, period)],
        "objections": reports.objection_counts(actor, period),
    }
