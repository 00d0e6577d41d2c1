"""Calendar engine, policies and deadlines over the API, for the UI and integrators (P-03, P-04)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from kefu.core.api_types import FIRST_YEAR, LAST_YEAR
from kefu.core.errors import InvalidInput
from kefu.core.pagination import Page, page
from kefu.core.permissions import require
from kefu.sla import queries, services
from kefu.sla.models import Deadline, Policy
from kefu.sla.schemas import (
    BusinessTimeIn,
    BusinessTimeOut,
    CalendarYearOut,
    DeadlineFilter,
    DeadlineOut,
    DueIn,
    DueOut,
    PolicyOut,
    PolicyPatch,
)

router = Router(tags=["calendar and deadlines"])


@router.post("/calendar/business-time", response=BusinessTimeOut)
def business_time(request: HttpRequest, body: BusinessTimeIn) -> dict[str, object]:
    """Working time between two instants on the shop's business calendar."""
    require(request.user, "calendar.view")  # type: ignore[arg-type]
    calendar = services.current_calendar()
    span = calendar.between(body.start, body.end)
    return {
        "seconds": span.seconds,
        "minutes": span.seconds / 60,
        "estimated": span.estimated,
        "years_without_data": queries.years_without_data(
            min(body.start, body.end), max(body.start, body.end), calendar.years
        ),
    }


@router.post("/calendar/due", response=DueOut)
def due(request: HttpRequest, body: DueIn) -> dict[str, object]:
    """When a promise made at `start` under `policy` falls due."""
    require(request.user, "calendar.view")  # type: ignore[arg-type]
    calendar = services.current_calendar()
    result = services.compute_due(services.policy(body.policy), body.start, calendar)
    return {
        "policy": body.policy,
        "start": body.start,
        "due_at": result.due_at,
        "warn_at": result.warn_at,
        "estimated": result.estimated,
        "years_without_data": queries.years_without_data(body.start, result.due_at, calendar.years),
    }


@router.get("/calendar/{year}", response=CalendarYearOut)
def calendar_year(request: HttpRequest, year: int) -> dict[str, object]:
    require(request.user, "calendar.view")  # type: ignore[arg-type]
    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("The calendar holds the years %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
        raise InvalidInput("year_out_of_range", message, {"year": message})
    return {
        "year": year,
        "has_data": services.current_calendar().has_data(year),
        "days": queries.calendar_days(year),
    }


@router.get("/policies", response=list[PolicyOut])
def policies(request: HttpRequest) -> list[Policy]:
    require(request.user, "calendar.view")  # type: ignore[arg-type]
    return queries.policy_list()


@router.patch("/policies/{key}", response=PolicyOut)
def update_policy(request: HttpRequest, key: str, body: PolicyPatch) -> Policy:
    changes = body.dict(exclude_unset=True, exclude={"clear_offday"})
    if body.clear_offday:
        changes["offday_minutes"] = None
    return services.update_policy(actor=request.user, key=key, changes=changes)  # type: ignore[arg-type]


def _deadline_out(row: Deadline) -> dict[str, object]:
    data = {f: getattr(row, f) for f in DeadlineOut.model_fields if f not in ("seconds_left",)}
    data["seconds_left"] = int(row.time_left(timezone.now()).total_seconds())
    return data


@router.get("/deadlines", response=Page[DeadlineOut])
def deadlines(request: HttpRequest, filters: Query[DeadlineFilter]) -> dict[str, object]:
    qs = queries.deadline_list(
        request.user,
        status=filters.status,
        due_before=filters.due_before,  # type: ignore[arg-type]
    )
    result = page(qs, limit=filters.limit, offset=filters.offset)
    result["items"] = [_deadline_out(row) for row in result["items"]]
    return result


@router.get("/deadlines/{deadline_id}", response=DeadlineOut)
def deadline(request: HttpRequest, deadline_id: int) -> dict[str, object]:
    return _deadline_out(queries.deadline(request.user, deadline_id))  # type: ignore[arg-type]
