"""Retention pages for supervisors and agents, and the JSON API, with their refusals."""

from __future__ import annotations

import json

import pytest

from kefu.core.models import Event
from kefu.retention.models import CareRule, ConsentRecord, Lead, LeadCall, OutboundCampaign
from tests.conftest import client_for
from tests.retention.factories import ConsentingCustomerFactory, LeadFactory, OutboundFactory

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.req("R-01")
def test_a_supervisor_creates_a_care_rule_on_the_page(supervisor):
    client = client_for(supervisor)
    assert client.get("/retention/rules/new/").status_code == 200
    response = client.post(
        "/retention/rules/new/",
        {
            "name": "金卡生日券",
            "kind": "birthday",
            "channel": "sms",
            "content": "满200减50",
            "day_of_month": 1,
            "lead_days": 3,
            "member_levels": ["gold"],
            "provinces": "广东省，浙江省",
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule = CareRule.objects.get()
    assert (rule.kind, rule.audience, rule.active) == (
        "birthday",
        {"member_levels": ["gold"], "provinces": ["广东省", "浙江省"]},
        True,
    )
    page = client.get("/retention/").content.decode()
    assert "金卡生日券" in page and "Birthday coupon" in page


@pytest.mark.req("R-01")
def test_a_bad_rule_on_the_page_shows_the_error_in_place_in_chinese(supervisor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = client_for(supervisor).post(
        "/retention/rules/new/",
        {
            "name": "新品",
            "kind": "new_product",
            "channel": "sms",
            "day_of_month": 1,
            "lead_days": 3,
        },
    )
    assert response.status_code == 422
    assert "请选择要推介的产品。" in response.content.decode()
    assert CareRule.objects.count() == 0


@pytest.mark.req("R-01")
def test_an_agent_cannot_open_the_rule_form(agent):
    assert client_for(agent).get("/retention/rules/new/").status_code == 403


@pytest.mark.req("R-03")
def test_staff_record_consent_on_the_customer_consent_page(agent):
    customer = ConsentingCustomerFactory(marketing_consent=False, team=agent.team)
    client = client_for(agent)
    response = client.post(
        f"/retention/customers/{customer.pk}/consent/", {"granted": "1", "source": "agent"}
    )
    assert response.status_code == 302
    page = client.get(f"/retention/customers/{customer.pk}/consent/").content.decode()
    assert "Agrees to marketing messages" in page
    assert "Recorded by an agent" in page
    assert ConsentRecord.objects.get().recorded_by == agent


@pytest.mark.req("R-04")
def test_a_supervisor_runs_a_campaign_from_the_pages_and_the_agent_calls(supervisor, agent):
    customer = ConsentingCustomerFactory(name="王伟", member_level="gold")
    boss = client_for(supervisor)
    created = boss.post(
        "/retention/campaigns/new/",
        {
            "name": "金卡新品",
            "goal": 1,
            "member_levels": ["gold"],
            "provinces": "",
        },
    )
    campaign = OutboundCampaign.objects.get()
    assert created.url == f"/retention/campaigns/{campaign.pk}/"
    boss.post(f"/retention/campaigns/{campaign.pk}/start/", {"agent_ids": [agent.pk]})
    lead = Lead.objects.get()
    assert (lead.customer, lead.agent) == (customer, agent)

    caller = client_for(agent)
    assert "王伟" in caller.get("/retention/").content.decode()
    page = caller.get(f"/retention/leads/{lead.pk}/").content.decode()
    assert "电话营销：开场白" in page
    assert "139****" in page  # the phone is masked for the agent
    bad = caller.post(f"/retention/leads/{lead.pk}/", {"outcome": "refused"})
    assert bad.status_code == 422
    assert "Say why the customer refused." in bad.content.decode()
    assert LeadCall.objects.count() == 0
    done = caller.post(f"/retention/leads/{lead.pk}/", {"outcome": "interested", "notes": "想买"})
    assert done.status_code == 302
    lead.refresh_from_db()
    assert lead.outcome == "interested"
    assert "100.0%" in boss.get(f"/retention/campaigns/{campaign.pk}/report/").content.decode()


@pytest.mark.req("R-04")
def test_an_agent_cannot_see_another_agents_lead(agent, teammate):
    lead = LeadFactory(agent=teammate)
    assert client_for(agent).get(f"/retention/leads/{lead.pk}/").status_code == 404


@pytest.mark.req("R-01")
def test_the_api_creates_and_lists_rules_and_refuses_bad_ones_as_json(supervisor, agent):
    client = client_for(supervisor)
    created = post_json(
        client,
        "/api/v1/retention/rules",
        {
            "name": "每月技巧",
            "kind": "usage_tip",
            "content": "x",
            "audience": {"member_levels": ["gold"]},
        },
    )
    assert created.status_code == 201
    assert created.json()["audience"] == {"member_levels": ["gold"]}
    assert [r["name"] for r in client.get("/api/v1/retention/rules").json()] == ["每月技巧"]

    bad = post_json(client, "/api/v1/retention/rules", {"name": "x", "kind": "maintenance"})
    assert bad.status_code == 422
    assert bad.json() == {
        "error": "invalid_months",
        "message": "Say how many months after purchase to remind.",
        "fields": {"months": "Say how many months after purchase to remind."},
    }
    refused = post_json(
        client_for(agent), "/api/v1/retention/rules", {"name": "x", "kind": "usage_tip"}
    )
    assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")
    assert CareRule.objects.count() == 1


@pytest.mark.req("R-03")
def test_the_api_records_consent_and_sets_the_cap(agent, manager, other_team_agent):
    customer = ConsentingCustomerFactory(marketing_consent=False, team=agent.team)
    hidden = client_for(other_team_agent).get(f"/api/v1/retention/customers/{customer.pk}/consent")
    assert (hidden.status_code, hidden.json()["error"]) == (404, "customer_not_found")
    response = post_json(
        client_for(agent),
        f"/api/v1/retention/customers/{customer.pk}/consent",
        {"granted": True, "source": "form"},
    )
    assert (response.status_code, response.json()["source"]) == (201, "form")
    history = client_for(agent).get(f"/api/v1/retention/customers/{customer.pk}/consent").json()
    assert [(h["granted"], h["source"]) for h in history] == [(True, "form")]
    cap = client_for(manager).put(
        "/api/v1/retention/cap", json.dumps({"max_touches": 4}), content_type="application/json"
    )
    assert cap.json() == {"max_touches": 4}
    bad = client_for(manager).put(
        "/api/v1/retention/cap", json.dumps({"max_touches": 0}), content_type="application/json"
    )
    assert (bad.status_code, bad.json()["error"]) == (422, "invalid_max_touches")


@pytest.mark.req("R-04")
def test_the_api_runs_a_campaign_records_calls_and_reports(supervisor, agent):
    ConsentingCustomerFactory.create_batch(2)
    boss = client_for(supervisor)
    created = post_json(boss, "/api/v1/retention/campaigns", {"name": "新品", "goal": 1})
    campaign_id = created.json()["id"]
    started = post_json(
        boss, f"/api/v1/retention/campaigns/{campaign_id}/start", {"agent_ids": [agent.pk]}
    )
    assert started.json()["state"] == "running"
    leads = client_for(agent).get("/api/v1/retention/leads?mine=true").json()["items"]
    assert len(leads) == 2
    call = post_json(
        client_for(agent),
        f"/api/v1/retention/leads/{leads[0]['id']}/calls",
        {"outcome": "refused", "refusal_reason": "price"},
    )
    assert call.status_code == 201
    report = boss.get(f"/api/v1/retention/campaigns/{campaign_id}/report").json()
    assert (report["refused"], report["list_usage"], report["refusals"]) == (
        1,
        50.0,
        [["Price", 1]],
    )
    assert (
        post_json(boss, f"/api/v1/retention/campaigns/{campaign_id}/archive", {}).status_code == 409
    )
    events = Event.objects.filter(name="outbound.call_recorded").count()
    again = post_json(
        client_for(agent),
        f"/api/v1/retention/leads/{leads[0]['id']}/calls",
        {"outcome": "interested"},
    )
    assert (again.status_code, again.json()["error"]) == (409, "lead_concluded")
    assert Event.objects.filter(name="outbound.call_recorded").count() == events


@pytest.mark.req("R-04")
def test_the_api_hides_other_agents_leads(agent, teammate):
    LeadFactory(agent=teammate, campaign=OutboundFactory())
    assert client_for(agent).get("/api/v1/retention/leads").json()["items"] == []
