"""Outbound (telemarketing) campaigns: create, start (lead list from the filter, shared evenly
among the agents), record each call with its outcome and script, finish, write the lessons,
archive. 数据清单的提取 → 现场活动的监控 → 项目活动的总结 (004 §十(二)). Implements R-04.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Product
from kefu.core.audit import record_audit
from kefu.core.distribution import share_evenly
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.events import record_event
from kefu.core.models import Role, Team, User
from kefu.core.permissions import require
from kefu.knowledge.models import Script
from kefu.retention.audience import audience_customers, clean_audience
from kefu.retention.models import (
    CallOutcome,
    CampaignState,
    ConsentSource,
    Lead,
    LeadCall,
    OutboundCampaign,
    RefusalReason,
)
from kefu.retention.services.consent import change_consent
from kefu.retention.workflow import CAMPAIGN_FLOW

# One campaign is one list a team can work through; a bigger selection is refused, not cut.
MAX_LEADS = 5000
TEXT_MAX = 4000
FIELDS = ("name", "goal", "audience", "product_id", "team_id")


def _invalid(name: str, message: str) -> InvalidInput:
    return InvalidInput(f"invalid_{name}", message, {name: message})


def _lock(campaign: OutboundCampaign, action: str, actor: User | None) -> OutboundCampaign:
    row = OutboundCampaign.objects.select_for_update().get(pk=campaign.pk)
    CAMPAIGN_FLOW.next_state(row.state, action, actor)
    return row


def _check(values: dict[str, Any]) -> None:
    if not str(values.get("name") or "").strip():
        raise _invalid("name", _("Give the campaign a name."))
    goal = values.get("goal")
    if not isinstance(goal, int) or goal < 1:
        raise _invalid("goal", _("Set a goal of at least one interested customer."))
    product_id = values.get("product_id")
    if product_id is not None and not Product.objects.filter(pk=product_id).exists():
        raise _invalid("product_id", _("No such product."))
    team_id = values.get("team_id")
    if team_id is not None and not Team.objects.filter(pk=team_id).exists():
        raise _invalid("team_id", _("No such team."))


@transaction.atomic
def create_campaign(*, actor: User, data: Mapping[str, Any]) -> OutboundCampaign:
    """A draft telemarketing campaign: name, goal, the customer filter of its lead list.

    Supervisors and above. Implements R-04.
    """
    require(actor, "outbound.manage")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be set: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    values = {k: v for k, v in data.items() if v is not None}
    _check(values)
    values["name"] = str(values["name"]).strip()[:100]
    values["audience"] = clean_audience(values.get("audience"))
    values.setdefault("team_id", actor.team_id)
    campaign = OutboundCampaign.objects.create(created_by=actor, **values)
    record_audit(
        actor=actor,
        action="outbound.campaign_created",
        subject=campaign,
        data={"goal": campaign.goal},
    )
    return campaign


def _agents(campaign: OutboundCampaign, agent_ids: Sequence[int] | None) -> list[int]:
    qs = User.objects.filter(is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR])
    if agent_ids:
        found = list(qs.filter(pk__in=agent_ids).values_list("pk", flat=True))
        if len(found) != len(set(agent_ids)):
            raise _invalid("agent_ids", _("Some of these people cannot take calls."))
        return sorted(found)
    if campaign.team_id is None:
        raise _invalid("agent_ids", _("Choose the agents who make the calls."))
    found = sorted(
        qs.filter(role=Role.AGENT, team_id=campaign.team_id).values_list("pk", flat=True)
    )
    if not found:
        raise _invalid("agent_ids", _("Choose the agents who make the calls."))
    return found


def open_leads(agent_ids: Sequence[int]) -> dict[int, int]:
    """Leads not yet concluded per agent, over every running campaign: the load shared out."""
    rows = (
        Lead.objects.filter(agent_id__in=agent_ids, campaign__state=CampaignState.RUNNING)
        .exclude(outcome__in=[CallOutcome.INTERESTED, CallOutcome.REFUSED])
        .values("agent_id")
        .annotate(n=Count("pk"))
    )
    return {row["agent_id"]: row["n"] for row in rows}


@transaction.atomic
def start_campaign(
    *, actor: User, campaign: OutboundCampaign, agent_ids: Sequence[int] | None = None
) -> OutboundCampaign:
    """Extract the lead list (consenting customers matching the filter) and share it evenly
    among the agents (the campaign team's agents unless named). Supervisors; a draft only.

    Implements R-04.
    """
    require(actor, "outbound.manage")
    row = _lock(campaign, "start", actor)
    agents = _agents(row, agent_ids)
    customer_ids = list(
        audience_customers(row.audience).order_by("pk").values_list("pk", flat=True)
    )
    if not customer_ids:
        raise InvalidInput("no_customers", _("No customer who agrees to marketing matches."))
    if len(customer_ids) > MAX_LEADS:
        raise InvalidInput(
            "too_many_customers",
            _("%(n)s customers match: narrow the filter to at most %(max)s.")
            % {"n": len(customer_ids), "max": MAX_LEADS},
        )
    plan = share_evenly(customer_ids, agents, open_leads(agents))
    Lead.objects.bulk_create(
        Lead(campaign=row, customer_id=customer_id, agent_id=agent_id)
        for customer_id, agent_id in plan
    )
    row.state, row.started_at = CAMPAIGN_FLOW.next_state(row.state, "start", actor), timezone.now()
    row.save(update_fields=["state", "started_at"])
    record_audit(
        actor=actor, action="outbound.campaign_started", subject=row, data={"leads": len(plan)}
    )
    record_event(
        "outbound.campaign_started",
        subject=row,
        actor=actor,
        payload={"leads": len(plan), "name": row.name},
    )
    return row


@dataclass(frozen=True)
class CallData:
    """What the agent enters after a call."""

    outcome: str
    refusal_reason: str = ""
    script_id: int | None = None
    notes: str = ""


def _check_call(lead: Lead, data: CallData) -> None:
    if data.outcome not in CallOutcome.values:
        raise _invalid("outcome", _("Choose how the call ended."))
    if data.outcome == CallOutcome.REFUSED and data.refusal_reason not in RefusalReason.values:
        raise _invalid("refusal_reason", _("Say why the customer refused."))
    if data.outcome != CallOutcome.REFUSED and data.refusal_reason:
        raise _invalid("refusal_reason", _("A reason is given only when the customer refused."))
    if data.script_id is not None and not Script.objects.filter(pk=data.script_id).exists():
        raise _invalid("script_id", _("No such script."))
    if len(data.notes) > TEXT_MAX:
        raise _invalid("notes", _("At most 4000 characters."))
    if lead.done:
        raise Conflict("lead_concluded", _("This lead is already concluded."))


@transaction.atomic
def record_lead_call(*, actor: User, lead: Lead, data: CallData) -> LeadCall:
    """Record one call: outcome (not reached, interested, call later, refused with a reason),
    the script used, notes. "Do not call me again" withdraws marketing consent at once.

    The lead's agent or a supervisor; a running campaign; a lead not yet concluded.
    Implements R-04, R-03.
    """
    require(actor, "outbound.call", lead)
    _lock(lead.campaign, "call", actor)
    row = Lead.objects.select_for_update().get(pk=lead.pk)
    _check_call(row, data)
    now = timezone.now()
    call = LeadCall.objects.create(
        lead=row,
        agent=actor,
        called_at=now,
        outcome=data.outcome,
        refusal_reason=data.refusal_reason,
        script_id=data.script_id,
        notes=data.notes.strip(),
    )
    Lead.objects.filter(pk=row.pk).update(
        outcome=data.outcome,
        refusal_reason=data.refusal_reason,
        attempts=row.attempts + 1,
        last_called_at=now,
    )
    if data.refusal_reason == RefusalReason.DO_NOT_CALL:
        change_consent(row.customer_id, False, ConsentSource.CALL, actor)
    record_event(
        "outbound.call_recorded",
        subject=call,
        actor=actor,
        payload={"campaign": row.campaign_id, "outcome": data.outcome},
        customer_id=row.customer_id,
    )
    return call


@transaction.atomic
def finish_campaign(*, actor: User, campaign: OutboundCampaign) -> OutboundCampaign:
    """Stop calling; the summary report is final once archived. Supervisors. Implements R-04."""
    require(actor, "outbound.manage")
    row = _lock(campaign, "finish", actor)
    row.state, row.finished_at = (
        CAMPAIGN_FLOW.next_state(row.state, "finish", actor),
        timezone.now(),
    )
    row.save(update_fields=["state", "finished_at"])
    record_audit(actor=actor, action="outbound.campaign_finished", subject=row)
    return row


@transaction.atomic
def write_lessons(*, actor: User, campaign: OutboundCampaign, lessons: str) -> OutboundCampaign:
    """对本次销售活动的经验总结 (004 §十(二)(5)): a finished campaign's lessons. Supervisors."""
    require(actor, "outbound.manage")
    row = _lock(campaign, "summarize", actor)
    if len(lessons) > TEXT_MAX:
        raise _invalid("lessons", _("At most 4000 characters."))
    row.lessons = lessons.strip()
    row.save(update_fields=["lessons"])
    record_audit(actor=actor, action="outbound.lessons_written", subject=row)
    return row


@transaction.atomic
def archive_campaign(*, actor: User, campaign: OutboundCampaign) -> OutboundCampaign:
    """Archive a finished campaign: nothing changes afterwards. Supervisors. Implements R-04."""
    require(actor, "outbound.manage")
    row = _lock(campaign, "archive", actor)
    row.state = CAMPAIGN_FLOW.next_state(row.state, "archive", actor)
    row.save(update_fields=["state"])
    record_audit(actor=actor, action="outbound.campaign_archived", subject=row)
    return row
