"""Retention over the API (`/api/v1/retention`): care rules, the contact cap, consent, outbound
campaigns, leads and calls, live monitoring and the summary report. Implements R-01..R-04.

Refusals come back as ``{"error", "message", "fields"}``: 403, 404, 409 (illegal move — e.g. a
call on a finished campaign), 422 (bad input); nothing is written then.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from kefu.core.models import User
from kefu.core.pagination import Page, page
from kefu.core.permissions import require
from kefu.retention import queries, reports, services
from kefu.retention.models import RetentionSettings
from kefu.retention.schemas import (
    CallIn,
    CallOut,
    CapIO,
    ConsentIn,
    ConsentOut,
    LessonsIn,
    RetentionCampaignIn,
    RetentionCampaignOut,
    RetentionLeadOut,
    RetentionRuleIn,
    RetentionRuleOut,
    RetentionStartIn,
    RetentionSummaryOut,
)

router = Router(tags=["retention"])


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _summary(campaign: Any) -> dict[str, Any]:
    s = reports.campaign_summary(campaign)
    return {
        **{
            k: getattr(s, k)
            for k in (
                "goal",
                "interested",
                "goal_rate",
                "achieved",
                "leads",
                "called",
                "list_usage",
                "reached",
                "reach_rate",
                "refused",
                "calls",
                "refusals",
                "lessons",
            )
        },
        "agents": [{**a.__dict__, "conversion": a.conversion} for a in s.agents],
    }


@router.get("/retention/rules", response=list[RetentionRuleOut])
def rule_list(request: HttpRequest) -> Any:
    return list(queries.rule_list(_actor(request)))


@router.post("/retention/rules", response={201: RetentionRuleOut})
def rule_create(request: HttpRequest, body: RetentionRuleIn) -> Status[Any]:
    return Status(201, services.save_rule(actor=_actor(request), values=body.dict()))


@router.put("/retention/rules/{rule_id}", response=RetentionRuleOut)
def rule_update(request: HttpRequest, rule_id: int, body: RetentionRuleIn) -> Any:
    return services.save_rule(actor=_actor(request), values=body.dict(), rule_id=rule_id)


@router.get("/retention/cap", response=CapIO)
def cap(request: HttpRequest) -> Any:
    require(_actor(request), "retention.view")
    return RetentionSettings.current()


@router.put("/retention/cap", response=CapIO)
def cap_set(request: HttpRequest, body: CapIO) -> Any:
    return services.set_contact_cap(actor=_actor(request), max_touches=body.max_touches)


@router.get("/retention/customers/{customer_id}/consent", response=list[ConsentOut])
def consent_history(request: HttpRequest, customer_id: int) -> Any:
    actor = _actor(request)
    return list(queries.consent_history(actor, queries.consent_customer(actor, customer_id)))


@router.post("/retention/customers/{customer_id}/consent", response={201: ConsentOut})
def consent_record(request: HttpRequest, customer_id: int, body: ConsentIn) -> Status[Any]:
    actor = _actor(request)
    customer = queries.consent_customer(actor, customer_id)
    return Status(
        201,
        services.record_consent(
            actor=actor, customer=customer, granted=body.granted, source=body.source
        ),
    )


@router.get("/retention/campaigns", response=Page[RetentionCampaignOut])
def campaign_list(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    return page(queries.campaign_list(_actor(request)), limit=limit, offset=offset)


@router.post("/retention/campaigns", response={201: RetentionCampaignOut})
def campaign_create(request: HttpRequest, body: RetentionCampaignIn) -> Status[Any]:
    data = {k: v for k, v in body.dict().items() if v is not None}
    return Status(201, services.create_campaign(actor=_actor(request), data=data))


@router.get("/retention/campaigns/{campaign_id}", response=RetentionCampaignOut)
def campaign_detail(request: HttpRequest, campaign_id: int) -> Any:
    return queries.campaign(_actor(request), campaign_id)


@router.post("/retention/campaigns/{campaign_id}/start", response=RetentionCampaignOut)
def campaign_start(request: HttpRequest, campaign_id: int, body: RetentionStartIn) -> Any:
    actor = _actor(request)
    return services.start_campaign(
        actor=actor, campaign=queries.campaign(actor, campaign_id), agent_ids=body.agent_ids or None
    )


@router.post("/retention/campaigns/{campaign_id}/finish", response=RetentionCampaignOut)
def campaign_finish(request: HttpRequest, campaign_id: int) -> Any:
    actor = _actor(request)
    return services.finish_campaign(actor=actor, campaign=queries.campaign(actor, campaign_id))


@router.put("/retention/campaigns/{campaign_id}/lessons", response=RetentionCampaignOut)
def campaign_lessons(request: HttpRequest, campaign_id: int, body: LessonsIn) -> Any:
    actor = _actor(request)
    return services.write_lessons(
        actor=actor, campaign=queries.campaign(actor, campaign_id), lessons=body.lessons
    )


@router.post("/retention/campaigns/{campaign_id}/archive", response=RetentionCampaignOut)
def campaign_archive(request: HttpRequest, campaign_id: int) -> Any:
    actor = _actor(request)
    return services.archive_campaign(actor=actor, campaign=queries.campaign(actor, campaign_id))


@router.get("/retention/campaigns/{campaign_id}/report", response=RetentionSummaryOut)
def campaign_report(request: HttpRequest, campaign_id: int) -> Any:
    actor = _actor(request)
    require(actor, "outbound.manage")
    return _summary(queries.campaign(actor, campaign_id))


@router.get("/retention/leads", response=Page[RetentionLeadOut])
def lead_list(
    request: HttpRequest,
    campaign_id: int | None = None,
    mine: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    qs = queries.lead_list(_actor(request), campaign_id=campaign_id, mine=mine)
    return page(qs, limit=limit, offset=offset)


@router.post("/retention/leads/{lead_id}/calls", response={201: CallOut})
def lead_call(request: HttpRequest, lead_id: int, body: CallIn) -> Status[Any]:
    actor = _actor(request)
    data = services.CallData(
        outcome=body.outcome,
        refusal_reason=body.refusal_reason,
        script_id=body.script_id,
        notes=body.notes,
    )
    return Status(
        201, services.record_lead_call(actor=actor, lead=queries.lead(actor, lead_id), data=data)
    )
