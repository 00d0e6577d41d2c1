"""Outbound campaigns (R-04): a lead list from a customer filter, shared evenly among agents,
call outcomes recorded with the scripts."""

from __future__ import annotations

import pytest

from kefu.core.distribution import share_evenly
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Event
from kefu.knowledge.models import Script
from kefu.retention.models import Lead, LeadCall, OutboundCampaign
from kefu.retention.queries import call_scripts
from kefu.retention.services import (
    CallData,
    create_campaign,
    finish_campaign,
    record_lead_call,
    start_campaign,
)
from tests.conftest import make_user
from tests.retention.factories import ConsentingCustomerFactory, LeadFactory, OutboundFactory

pytestmark = [pytest.mark.req("R-04"), pytest.mark.django_db]


def test_share_evenly_gives_each_item_to_the_least_loaded_agent():
    assert share_evenly(["a", "b", "c", "d", "e"], [7, 3, 5], {3: 2}) == [
        ("a", 5),
        ("b", 7),
        ("c", 5),
        ("d", 7),
        ("e", 3),
    ]
    assert share_evenly(["a"], [], {}) == []


def test_a_campaign_lists_consenting_customers_of_the_filter_and_shares_them_evenly(
    supervisor, agent, teammate
):
    gold = [ConsentingCustomerFactory(member_level="gold") for _ in range(5)]
    ConsentingCustomerFactory(member_level="gold", marketing_consent=False)
    ConsentingCustomerFactory(member_level="silver")
    campaign = create_campaign(
        actor=supervisor,
        data={
            "name": "金卡会员新品电话营销",
            "goal": 2,
            "audience": {"member_levels": ["gold"]},
        },
    )
    assert (campaign.state, campaign.team_id, campaign.audience) == (
        "draft",
        supervisor.team_id,
        {"member_levels": ["gold"]},
    )

    start_campaign(actor=supervisor, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == "running"
    leads = list(Lead.objects.filter(campaign=campaign).order_by("customer_id"))
    assert [lead.customer_id for lead in leads] == [c.pk for c in gold]
    assert [lead.agent_id for lead in leads] == [agent.pk, teammate.pk] * 2 + [agent.pk]
    event = Event.objects.get(name="outbound.campaign_started")
    assert event.payload == {"leads": 5, "name": "金卡会员新品电话营销"}


def test_the_share_counts_leads_still_open_in_other_running_campaigns(supervisor, agent, teammate):
    busy = OutboundFactory()
    LeadFactory.create_batch(3, campaign=busy, agent=agent)
    ConsentingCustomerFactory.create_batch(4)  # with the 3 busy leads' customers: 7 match
    campaign = OutboundFactory(state="draft", goal=1)
    start_campaign(actor=supervisor, campaign=campaign, agent_ids=[agent.pk, teammate.pk])
    shares = list(
        Lead.objects.filter(campaign=campaign)
        .order_by("customer_id")
        .values_list("agent_id", flat=True)
    )
    # the teammate has nothing open, the agent 3: the teammate catches up first
    t, a = teammate.pk, agent.pk
    assert shares == [t, t, t, a, t, a, t]


def test_starting_with_nobody_matching_is_refused_and_the_campaign_stays_a_draft(supervisor, agent):
    ConsentingCustomerFactory(marketing_consent=False)
    campaign = OutboundFactory(state="draft")
    with pytest.raises(InvalidInput):
        start_campaign(actor=supervisor, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == "draft"
    assert Lead.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "goal": 1}, "name"),
        ({"name": "x", "goal": 0}, "goal"),
        ({"name": "x", "goal": 1, "product_id": 999999}, "product_id"),
        ({"name": "x", "goal": 1, "audience": {"member_levels": ["vip"]}}, "audience"),
    ],
)
def test_a_bad_campaign_is_refused(supervisor, data, field):
    with pytest.raises(InvalidInput) as refused:
        create_campaign(actor=supervisor, data=data)
    assert field in refused.value.fields
    assert OutboundCampaign.objects.count() == 0


def test_an_agent_may_not_create_or_start_a_campaign(agent):
    with pytest.raises(Forbidden):
        create_campaign(actor=agent, data={"name": "x", "goal": 1})
    campaign = OutboundFactory(state="draft")
    ConsentingCustomerFactory()
    with pytest.raises(Forbidden):
        start_campaign(actor=agent, campaign=campaign)
    assert Lead.objects.count() == 0
    assert Event.objects.count() == 0


def test_the_agent_records_a_call_with_its_outcome_and_script(agent):
    lead = LeadFactory(agent=agent)
    script = Script.objects.get(title="电话营销：开场白")
    call = record_lead_call(
        actor=agent,
        lead=lead,
        data=CallData(outcome="interested", script_id=script.pk, notes="想了解扫地机器人"),
    )
    lead.refresh_from_db()
    assert (lead.outcome, lead.attempts, lead.last_called_at) == ("interested", 1, call.called_at)
    assert (call.agent, call.script_id, call.notes) == (agent, script.pk, "想了解扫地机器人")
    event = Event.objects.get(name="outbound.call_recorded")
    assert (event.customer_id, event.payload) == (
        lead.customer_id,
        {"campaign": lead.campaign_id, "outcome": "interested"},
    )


def test_a_refusal_needs_its_reason_and_a_reason_needs_a_refusal(agent):
    lead = LeadFactory(agent=agent)
    with pytest.raises(InvalidInput) as refused:
        record_lead_call(actor=agent, lead=lead, data=CallData(outcome="refused"))
    assert "refusal_reason" in refused.value.fields
    with pytest.raises(InvalidInput):
        record_lead_call(
            actor=agent, lead=lead, data=CallData(outcome="interested", refusal_reason="price")
        )
    assert LeadCall.objects.count() == 0
    lead.refresh_from_db()
    assert (lead.outcome, lead.attempts) == ("", 0)


def test_not_reached_and_call_later_may_be_called_again_but_a_concluded_lead_may_not(agent):
    lead = LeadFactory(agent=agent)
    for outcome in ("not_reached", "call_later", "refused"):
        record_lead_call(
            actor=agent,
            lead=lead,
            data=CallData(outcome=outcome, refusal_reason="price" if outcome == "refused" else ""),
        )
    with pytest.raises(Conflict):
        record_lead_call(actor=agent, lead=lead, data=CallData(outcome="interested"))
    lead.refresh_from_db()
    assert (lead.outcome, lead.refusal_reason, lead.attempts) == ("refused", "price", 3)


def test_do_not_call_me_again_withdraws_marketing_consent_at_once(agent):
    lead = LeadFactory(agent=agent)
    record_lead_call(
        actor=agent, lead=lead, data=CallData(outcome="refused", refusal_reason="do_not_call")
    )
    lead.customer.refresh_from_db()
    assert lead.customer.marketing_consent is False


def test_an_agent_may_not_record_a_call_on_someone_elses_lead(agent, teammate):
    lead = LeadFactory(agent=teammate)
    with pytest.raises(Forbidden):
        record_lead_call(actor=agent, lead=lead, data=CallData(outcome="interested"))
    assert LeadCall.objects.count() == 0
    assert Event.objects.count() == 0


def test_no_call_is_recorded_on_a_finished_campaign(supervisor, agent):
    lead = LeadFactory(agent=agent)
    finish_campaign(actor=supervisor, campaign=lead.campaign)
    with pytest.raises(Conflict):
        record_lead_call(actor=agent, lead=lead, data=CallData(outcome="interested"))
    assert LeadCall.objects.count() == 0


def test_the_call_scripts_are_the_seeded_telemarketing_scripts_in_call_order():
    titles = [s.title for s in call_scripts()]
    assert titles == [
        "电话营销：开场白",
        "电话营销：了解需求",
        "电话营销：新品优先购买",
        "电话营销：价格异议",
        "电话营销：功能异议",
        "电话营销：信任异议",
        "电话营销：促成（限时优惠）",
        "电话营销：结束（有意向）",
        "电话营销：结束（拒绝）",
    ]
    opening = Script.objects.get(title="电话营销：开场白")
    assert (
        opening.body
        == "您好我是{brand}的客服代表{agent_name}，请问您是{customer_name}吗？打扰您了。"
    )
    assert opening.seed.startswith("004 §四")


def test_a_supervisor_of_the_campaign_may_call_any_lead(supervisor):
    lead = LeadFactory(agent=make_user("other", "agent"))
    record_lead_call(actor=supervisor, lead=lead, data=CallData(outcome="not_reached"))
    assert LeadCall.objects.get().agent == supervisor
