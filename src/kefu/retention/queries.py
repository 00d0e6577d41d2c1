"""Shared reads of retention, scoped by ``visible_to``: rules, campaigns, leads, consent, and the
scripts an agent reads from on a telemarketing call."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import allowed, require, visible_to
from kefu.customers.models import Customer
from kefu.knowledge.models import Scene, Script
from kefu.knowledge.queries import scripts_for
from kefu.retention.models import CareRule, ConsentRecord, Lead, OutboundCampaign, Touch

# The telemarketing scripts: the repurchase scene's "电话营销：…" scripts, in call order.
CALL_SCRIPT_PREFIX = "电话营销"


def rule_list(actor: User) -> QuerySet[CareRule]:
    require(actor, "retention.view")
    return visible_to(actor, CareRule.objects.select_related("product"))


def rule(actor: User, rule_id: int) -> CareRule:
    row = rule_list(actor).filter(pk=rule_id).first()
    if row is None:
        raise NotFound("rule_not_found", _("No such care rule."))
    return row


def recent_touches(actor: User, limit: int = 50) -> QuerySet[Touch]:
    return visible_to(actor, Touch.objects.select_related("rule", "customer"))[:limit]


def campaign_list(actor: User) -> QuerySet[OutboundCampaign]:
    return visible_to(actor, OutboundCampaign.objects.select_related("product", "team"))


def campaign(actor: User, campaign_id: int) -> OutboundCampaign:
    row = campaign_list(actor).filter(pk=campaign_id).first()
    if row is None:
        raise NotFound("campaign_not_found", _("No such campaign."))
    return row


def lead_list(actor: User, *, campaign_id: int | None = None, mine: bool = False) -> QuerySet[Lead]:
    qs = visible_to(actor, Lead.objects.select_related("customer", "agent", "campaign"))
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if mine:
        qs = qs.filter(agent_id=actor.pk)
    return qs.order_by("id")


def my_open_leads(actor: User) -> QuerySet[Lead]:
    return lead_list(actor, mine=True).filter(
        campaign__state="running", outcome__in=["", "not_reached", "call_later"]
    )


def lead(actor: User, lead_id: int) -> Lead:
    row = lead_list(actor).filter(pk=lead_id).first()
    if row is None:
        raise NotFound("lead_not_found", _("No such lead."))
    return row


def consent_customer(actor: User, customer_id: int) -> Customer:
    """A customer whose consent ``actor`` may see and record; 404 otherwise."""
    row = Customer.objects.filter(pk=customer_id, erased_at__isnull=True).first()
    if row is None or not allowed(actor, "retention.consent", row):
        raise NotFound("customer_not_found", _("No such customer."))
    return row


def consent_history(actor: User, customer: Customer) -> QuerySet[ConsentRecord]:
    require(actor, "retention.consent", customer)
    return visible_to(
        actor, ConsentRecord.objects.filter(customer=customer).select_related("recorded_by")
    )


def call_scripts(language: str = "zh-hans") -> list[Script]:
    """The telemarketing scripts in call order (seeded by this app's migration, quoted from
    seeds 004 §四/§八–十 and 000 §二)."""
    rows = scripts_for(Scene.REPURCHASE, language)
    return [s for s in rows if s.title.startswith(CALL_SCRIPT_PREFIX)]
