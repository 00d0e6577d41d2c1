"""Who runs care rules and campaigns, who calls leads, who records consent (P-01, R-*).

Supervisors and above write care rules and run outbound campaigns and see everything; a
manager sets the shop's contact cap; an agent sees the campaigns of their team and their own
leads, and records calls only on leads assigned to them. Staff record the consent, or its
withdrawal, of a customer they see or are calling (客户要求不再接收营销信息).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kefu.core.models import User
from kefu.core.permissions import MANAGERS, STAFF, SUPERVISORS, register, register_scope
from kefu.customers.models import Customer
from kefu.customers.permissions import sees_customer
from kefu.retention.models import CareRule, ConsentRecord, Lead, OutboundCampaign, Touch
from kefu.retention.workflow import CALLERS


def calls_lead(actor: User, lead: Lead) -> bool:
    """The agent the lead is assigned to, or a supervisor."""
    return actor.role in SUPERVISORS or lead.agent_id == actor.pk


def records_consent(actor: User, customer: Customer) -> bool:
    """Whoever sees the customer (their own, their team's), or the agent calling them."""
    return (
        sees_customer(actor, customer)
        or Lead.objects.filter(agent_id=actor.pk, customer_id=customer.pk).exists()
    )


def _campaigns(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    if actor.role in SUPERVISORS:
        return qs
    mine = Q(pk__in=Lead.objects.filter(agent_id=actor.pk).values("campaign_id"))
    return qs.filter(mine | Q(team_id=actor.team_id)) if actor.team_id else qs.filter(mine)


def _leads(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs if actor.role in SUPERVISORS else qs.filter(agent_id=actor.pk)


def _supervisors_only(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs if actor.role in SUPERVISORS else qs.none()


register("retention.view", roles=STAFF)
register("retention.manage_rules", roles=SUPERVISORS)
register("retention.settings", roles=MANAGERS)
register("retention.consent", roles=STAFF, check=records_consent)
register("outbound.manage", roles=SUPERVISORS)
register("outbound.call", roles=CALLERS, check=calls_lead)
register_scope(OutboundCampaign, _campaigns)
register_scope(Lead, _leads)
register_scope(CareRule, lambda actor, qs: qs)
register_scope(Touch, _supervisors_only)
register_scope(ConsentRecord, lambda actor, qs: qs)
