"""Callbacks over the API (`/api/v1/callbacks`): campaigns and their state, calls, records,
scripts, coverage, the summary report and rest hours. Implements V-01..V-05.

Refusals come back as ``{"error", "message", "fields"}``: 403, 404, 409 (illegal move — e.g.
anything on an archived campaign), 422 (bad input; a call in rest hours names
``fields.next_allowed_at``); nothing is written then.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from kefu.callbacks import queries, reports, services
from kefu.callbacks.models import RestPeriod
from kefu.callbacks.rest_hours import in_rest, next_allowed
from kefu.callbacks.schemas import (
    CallbackScriptOut,
    CampaignIn,
    CampaignOut,
    CoverageOut,
    CustomersIn,
    NextAllowedOut,
    RecordIn,
    RecordOut,
    RestSpanIO,
    ScheduleIn,
    StartIn,
    SummaryIn,
    SummaryOut,
    TaskOut,
)
from kefu.core.api_types import Moment
from kefu.core.idempotency import idempotent_create
from kefu.core.models import User
from kefu.core.pagination import Page, page

router = Router(tags=["callbacks"])


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


class TaskFilter(Schema):
    campaign_id: int | None = None
    mine: bool = False
    status: str | None = None
    limit: int = 50
    offset: int = 0


@router.get("/callbacks/campaigns", response=Page[CampaignOut])
def campaign_list(
    request: HttpRequest, state: str = "", limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    return page(
        queries.campaign_list(_actor(request), state=state or None), limit=limit, offset=offset
    )


@router.post("/callbacks/campaigns", response={201: CampaignOut})
def campaign_create(request: HttpRequest, body: CampaignIn) -> Status[Any]:
    """A draft campaign with its criteria (V-01); `Idempotency-Key` makes a retry safe."""
    return idempotent_create(
        request,
        lambda: services.create_campaign(actor=_actor(request), data=body.dict()),
        CampaignOut,
    )


@router.get("/callbacks/campaigns/{campaign_id}", response=CampaignOut)
def campaign_detail(request: HttpRequest, campaign_id: int) -> Any:
    return queries.campaign(_actor(request), campaign_id)


@router.post("/callbacks/campaigns/{campaign_id}/start", response=CampaignOut)
def campaign_start(request: HttpRequest, campaign_id: int, body: StartIn) -> Any:
    """Pick the customers and share the calls evenly among the agents (V-01)."""
    row = queries.campaign(_actor(request), campaign_id)
    return services.start_campaign(
        actor=_actor(request), campaign=row, agent_ids=body.agent_ids or None
    )


@router.post("/callbacks/campaigns/{campaign_id}/customers", response=dict[str, int])
def campaign_add(request: HttpRequest, campaign_id: int, body: CustomersIn) -> Any:
    """Add calls for coverage gaps (V-03); with no ids, every current gap."""
    row = queries.campaign(_actor(request), campaign_id)
    return {
        "added": services.add_customers(
            actor=_actor(request),
            campaign=row,
            customer_ids=body.customer_ids or None,
            agent_ids=body.agent_ids or None,
        )
    }


@router.post("/callbacks/campaigns/{campaign_id}/finish", response=CampaignOut)
def campaign_finish(request: HttpRequest, campaign_id: int) -> Any:
    row = queries.campaign(_actor(request), campaign_id)
    return services.finish_campaign(actor=_actor(request), campaign=row)


@router.put("/callbacks/campaigns/{campaign_id}/summary", response=CampaignOut)
def campaign_summary_text(request: HttpRequest, campaign_id: int, body: SummaryIn) -> Any:
    row = queries.campaign(_actor(request), campaign_id)
    return services.write_summary(
        actor=_actor(request),
        campaign=row,
        problems_found=body.problems_found,
        suggestions=body.suggestions,
    )


@router.post("/callbacks/campaigns/{campaign_id}/archive", response=CampaignOut)
def campaign_archive(request: HttpRequest, campaign_id: int) -> Any:
    """File the summary report; the campaign is immutable afterwards (V-05)."""
    row = queries.campaign(_actor(request), campaign_id)
    return services.archive_campaign(actor=_actor(request), campaign=row)


@router.get("/callbacks/campaigns/{campaign_id}/coverage", response=CoverageOut)
def campaign_coverage(request: HttpRequest, campaign_id: int) -> Any:
    cover = reports.coverage(queries.campaign(_actor(request), campaign_id))
    return {**asdict(cover), "rate": cover.rate}


@router.get("/callbacks/campaigns/{campaign_id}/report", response=SummaryOut)
def campaign_report(request: HttpRequest, campaign_id: int) -> Any:
    summary = reports.campaign_summary(queries.campaign(_actor(request), campaign_id))
    return {**asdict(summary), "satisfaction_rate": summary.satisfaction_rate}


@router.get("/callbacks/tasks", response=Page[TaskOut])
def task_list(request: HttpRequest, filters: Query[TaskFilter]) -> dict[str, Any]:
    qs = queries.task_list(
        _actor(request), campaign_id=filters.campaign_id, mine=filters.mine, status=filters.status
    )
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.get("/callbacks/tasks/{task_id}", response=TaskOut)
def task_detail(request: HttpRequest, task_id: int) -> Any:
    return queries.task(_actor(request), task_id)


@router.get("/callbacks/tasks/{task_id}/records", response=list[RecordOut])
def task_records(request: HttpRequest, task_id: int) -> Any:
    return list(queries.records(_actor(request), queries.task(_actor(request), task_id).pk))


@router.post("/callbacks/tasks/{task_id}/records", response={201: RecordOut})
def task_record(request: HttpRequest, task_id: int, body: RecordIn) -> Status[Any]:
    """Save the 回访记录表 of one call; an incomplete one is refused (V-02, V-03)."""
    row = queries.task(_actor(request), task_id)
    return Status(
        201,
        services.record_call(
            actor=_actor(request), task=row, data=services.CallData(**body.dict())
        ),
    )


@router.post("/callbacks/tasks/{task_id}/schedule", response=TaskOut)
def task_schedule(request: HttpRequest, task_id: int, body: ScheduleIn) -> Any:
    """Plan the call at a time the customer named; never in rest hours (V-03)."""
    row = queries.task(_actor(request), task_id)
    return services.schedule_call(actor=_actor(request), task=row, at=body.at)


@router.get("/callbacks/tasks/{task_id}/scripts", response=list[CallbackScriptOut])
def task_scripts(request: HttpRequest, task_id: int, outcome: str = "") -> Any:
    """The scripts of seed 004 §四 for this call and outcome, placeholders filled (V-04)."""
    row = queries.task(_actor(request), task_id)
    return queries.call_scripts(row, _actor(request), outcome)


@router.get("/callbacks/rest-hours", response=list[RestSpanIO])
def rest_hours(request: HttpRequest) -> Any:
    return list(RestPeriod.objects.all())


@router.put("/callbacks/rest-hours", response=list[RestSpanIO])
def rest_hours_set(request: HttpRequest, body: list[RestSpanIO]) -> Any:
    return services.set_rest_hours(
        actor=_actor(request), spans=[(s.starts_at, s.ends_at, s.name) for s in body]
    )


@router.get("/callbacks/rest-hours/next-allowed", response=NextAllowedOut)
def rest_hours_next(request: HttpRequest, at: Moment) -> Any:
    """Is ``at`` in the customer's rest hours, and the next time a call is allowed."""
    return {"at": at, "in_rest_hours": in_rest(at), "next_allowed_at": next_allowed(at)}
