"""Complaint statistics and exports, improvement actions, handling rules, the state table, and
incidents over the API. Implements K-09, K-10 (rules) and A-11."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from kefu.complaints import queries, services
from kefu.complaints.models import Incident, PolicyText
from kefu.complaints.schemas import (
    AnnouncementIn,
    BodyIn,
    ComplaintNoteIn,
    ImprovementIn,
    ImprovementOut,
    IncidentIn,
    IncidentMessageOut,
    IncidentOut,
    LinkedOut,
    NumbersIn,
    PeriodIn,
    RuleIn,
    RuleOut,
    StatisticsOut,
)
from kefu.complaints.statistics import classification_table, export_statistics
from kefu.complaints.workflow import WORKFLOW
from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.pagination import Page, page
from kefu.core.permissions import require
from kefu.core.reports import attachment

router = Router(tags=["complaint reports and incidents"])


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/complaint-workflow", response=list[dict[str, Any]])
def workflow(request: HttpRequest) -> list[dict[str, Any]]:
    """The complaint state table: every allowed (state, action) → next state, with its roles."""
    require(_actor(request), "complaint.view")
    return [
        {"state": t.source, "action": t.action, "next_state": t.target, "roles": sorted(t.roles)}
        for t in WORKFLOW.transitions
    ]


@router.get("/complaint-statistics", response=StatisticsOut)
def statistics(request: HttpRequest, period: Query[PeriodIn]) -> dict[str, Any]:
    """The complaint classification table (顧客投訴分類統計表) by type, department, product and
    month (K-09); supervisors and above."""
    table = classification_table(actor=_actor(request), start=period.start, end=period.end)
    return asdict(table)


@router.get("/complaint-statistics/export", response={200: None})
def export(request: HttpRequest, period: Query[PeriodIn], format: str = "xlsx") -> HttpResponse:
    """The classification table as `xlsx` (with improvement actions) or `csv` (UTF-8 + BOM)."""
    name, content_type, body = export_statistics(
        actor=_actor(request), start=period.start, end=period.end, fmt=format
    )
    return attachment(name, content_type, body)


@router.get("/complaint-improvements", response=Page[ImprovementOut])
def improvements(
    request: HttpRequest, open_only: bool = False, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    return page(
        queries.improvement_list(_actor(request), open_only=open_only), limit=limit, offset=offset
    )


@router.post("/complaint-improvements", response={201: ImprovementOut})
def create_improvement(request: HttpRequest, body: ImprovementIn) -> Status[Any]:
    """An improvement action with owner and due date (K-09); supervisors and above."""
    draft = services.NewImprovement(**body.model_dump())
    return Status(201, services.create_improvement_action(actor=_actor(request), draft=draft))


@router.post("/complaint-improvements/{action_id}/done", response=ImprovementOut)
def complete_improvement(request: HttpRequest, action_id: int, body: ComplaintNoteIn) -> Any:
    return services.complete_improvement_action(
        actor=_actor(request), action_id=action_id, note=body.note
    )


@router.get("/complaint-rules/{key}", response=RuleOut)
def rule(request: HttpRequest, key: str) -> Any:
    """The shop's handling rule, e.g. `malicious` (K-10)."""
    require(_actor(request), "complaint.view")
    row = PolicyText.objects.filter(key=key).first()
    if row is None:
        raise NotFound("rule_not_found", _("No such rule."))
    return row


@router.put("/complaint-rules/{key}", response=RuleOut)
def save_rule(request: HttpRequest, key: str, body: RuleIn) -> Any:
    return services.save_handling_rule(actor=_actor(request), key=key, text=body.text)


def _incident_out(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    actor = _actor(request)
    return {
        **IncidentOut.model_validate(incident).model_dump(
            exclude={"ticket_numbers", "complaint_numbers"}
        ),
        "ticket_numbers": [t.number for t in queries.incident_tickets(actor, incident)],
        "complaint_numbers": [c.number for c in queries.incident_complaints(actor, incident)],
    }


@router.get("/incidents", response=Page[IncidentOut])
def incidents(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    require(_actor(request), "incident.view")
    return page(queries.incident_list(_actor(request)), limit=limit, offset=offset)


@router.post("/incidents", response={201: IncidentOut})
def create_incident(request: HttpRequest, body: IncidentIn) -> Status[Any]:
    """Open an incident (A-11); supervisors and above."""
    row = services.create_incident(actor=_actor(request), **body.model_dump())
    return Status(201, _incident_out(request, row))


@router.get("/incidents/{incident_id}", response=IncidentOut)
def incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    require(_actor(request), "incident.view")
    return _incident_out(request, queries.incident_detail(_actor(request), incident_id))


@router.post("/incidents/{incident_id}/tickets", response=LinkedOut)
def link_tickets(request: HttpRequest, incident_id: int, body: NumbersIn) -> dict[str, int]:
    row = queries.incident_detail(_actor(request), incident_id)
    return {
        "linked": services.link_tickets(actor=_actor(request), incident=row, numbers=body.numbers)
    }


@router.post("/incidents/{incident_id}/complaints", response=LinkedOut)
def link_complaints(request: HttpRequest, incident_id: int, body: NumbersIn) -> dict[str, int]:
    row = queries.incident_detail(_actor(request), incident_id)
    return {
        "linked": services.link_complaints(
            actor=_actor(request), incident=row, numbers=body.numbers
        )
    }


@router.post("/incidents/{incident_id}/messages", response={201: IncidentMessageOut})
def message_customers(request: HttpRequest, incident_id: int, body: BodyIn) -> Status[Any]:
    """Message every affected customer once, through the outbox (A-11)."""
    row = queries.incident_detail(_actor(request), incident_id)
    return Status(
        201,
        services.message_affected_customers(actor=_actor(request), incident=row, body=body.body),
    )


@router.post("/incidents/{incident_id}/announcement", response=IncidentOut)
def announce(request: HttpRequest, incident_id: int, body: AnnouncementIn) -> dict[str, Any]:
    """Publish the incident's one announcement on its public page (A-11)."""
    row = queries.incident_detail(_actor(request), incident_id)
    return _incident_out(
        request, services.publish_announcement(actor=_actor(request), incident=row, text=body.text)
    )
