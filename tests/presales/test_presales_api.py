"""The presales API end to end (S-01..S-09), and its refusals: 4xx JSON in Chinese, nothing
changed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.events import pump
from kefu.core.models import Event
from kefu.notify.models import Message
from kefu.presales.models import Inquiry, Lead, NeedsAnalysis, Stage
from tests.conftest import client_for
from tests.presales.conftest import lead_at

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def post(client, url, body, method="post"):
    return getattr(client, method)(
        f"/api/v1{url}", json.dumps(body), content_type="application/json", **ZH
    )


@pytest.mark.req("S-01", "S-02", "S-03", "S-04", "S-05", "S-06", "S-07", "S-08", "S-09")
def test_a_lead_goes_from_inquiry_to_won_over_the_api(agent, catalog):
    client = client_for(agent)
    created = post(
        client,
        "/presales/inquiries",
        {
            "channel": "wechat",
            "question": "老人手机多少钱？",
            "name": "王芳",
            "phone": "13912345678",
            "product_id": catalog["elder"].pk,
        },
    )
    assert created.status_code == 201
    inquiry = created.json()
    assert [d["kind"] for d in inquiry["deadlines"]] == ["inquiry.online.first_response"]
    opening = client.get(f"/api/v1/presales/inquiries/{inquiry['id']}/opening").json()["text"]
    reply = post(client, f"/presales/inquiries/{inquiry['id']}/replies", {"body": opening})
    assert reply.json()["first"] is True and reply.json()["intent"] is True
    lead = f"/presales/leads/{inquiry['lead_id']}"
    version = client.get(f"/api/v1{lead}").json()["version"]
    needs = post(
        client,
        f"{lead}/needs",
        {
            "version": version,
            "what": "老人手机",
            "budget_fen": 150000,
            "features": "大字体",
            "category_id": catalog["elder"].category_id,
        },
        method="patch",
    )
    assert needs.json()["completeness"] == 29
    suggested = client.get(f"/api/v1{lead}/suggestions").json()
    assert suggested[0]["product_id"] == catalog["elder"].pk and suggested[0]["score"] == 80
    version = client.get(f"/api/v1{lead}").json()["version"]
    sent = post(
        client,
        f"{lead}/recommendations",
        {"version": version, "product_ids": [catalog["elder"].pk]},
    )
    assert sent.status_code == 201
    version = client.get(f"/api/v1{lead}").json()["version"]
    objection = post(
        client, f"{lead}/objections", {"version": version, "kind": "price", "words": "比别家贵"}
    )
    assert objection.status_code == 201
    version = client.get(f"/api/v1{lead}").json()["version"]
    won = post(
        client,
        f"{lead}/win",
        {
            "version": version,
            "product_ids": [catalog["elder"].pk],
            "expected_delivery_on": str(timezone.localdate() + timedelta(days=3)),
        },
    )
    assert won.status_code == 200, won.json()
    assert won.json()["stage"] == "won"
    pump()
    assert (
        Message.objects.filter(template_event="lead.won", recipient="+8613912345678").count() == 1
    )


@pytest.mark.req("S-05")
@pytest.mark.parametrize("budget", [0, -5, "abc", "1.5"])
def test_a_bad_budget_is_a_422_in_chinese_and_nothing_changes(agent, budget):
    lead = lead_at(agent, Stage.CONTACTED)
    events = Event.objects.count()

    response = post(
        client_for(agent),
        f"/presales/leads/{lead.pk}/needs",
        {"version": lead.version, "what": "手机", "budget_fen": budget},
        method="patch",
    )

    assert response.status_code == 422
    assert response.json() == {
        "error": "invalid_budget",
        "message": "预算必须是大于零的数字。",
        "fields": {"budget_fen": "预算必须是大于零的数字。"},
    }
    assert not NeedsAnalysis.objects.exists()
    assert Event.objects.count() == events


@pytest.mark.req("S-01")
def test_an_unknown_product_is_a_422_in_chinese(agent):
    response = post(
        client_for(agent),
        "/presales/inquiries",
        {"channel": "web", "question": "价格？", "name": "王芳", "product_id": 424242},
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {"product_id": "没有该编号的在售商品。"}
    assert Inquiry.objects.count() == 0


@pytest.mark.req("S-06")
def test_recommending_an_unknown_product_is_a_422_in_chinese(agent, catalog):
    lead = lead_at(agent, Stage.NEEDS_ANALYSED, catalog)

    response = post(
        client_for(agent),
        f"/presales/leads/{lead.pk}/recommendations",
        {"version": lead.version, "product_ids": [424242]},
    )

    assert response.status_code == 422
    assert response.json()["message"] == "没有编号为 424242 的在售商品。"
    lead.refresh_from_db()
    assert lead.stage == Stage.NEEDS_ANALYSED


@pytest.mark.req("S-08")
def test_a_refused_move_is_a_409_in_chinese(agent):
    lead = lead_at(agent, Stage.NEW)

    response = post(
        client_for(agent),
        f"/presales/leads/{lead.pk}/moves",
        {"version": lead.version, "action": "negotiate"},
    )

    assert response.status_code == 409
    assert response.json()["message"] == "无法开始议价：该线索当前为“新线索”。"
    assert Lead.objects.get().stage == Stage.NEW


@pytest.mark.req("S-08")
def test_a_stale_version_is_a_409_and_nothing_changes(agent):
    lead = lead_at(agent, Stage.NEW)

    response = post(
        client_for(agent),
        f"/presales/leads/{lead.pk}/lose",
        {"version": lead.version + 7, "reason": "不买了"},
    )

    assert response.status_code == 409
    assert response.json()["error"] == "stale_version"
    assert Lead.objects.get().stage == Stage.NEW


@pytest.mark.req("S-08")
def test_another_teams_lead_is_not_found(agent, other_team_agent):
    lead = lead_at(agent, Stage.NEW)

    response = client_for(other_team_agent).get(f"/api/v1/presales/leads/{lead.pk}", **ZH)

    assert response.status_code == 404
    assert response.json()["message"] == "没有这条线索。"


@pytest.mark.req("S-07", "S-08")
def test_the_report_is_for_supervisors(agent, supervisor, catalog):
    lead_at(agent, Stage.NEGOTIATING, catalog)
    first, last = timezone.localdate().replace(day=1), timezone.localdate()
    url = f"/api/v1/presales/report?first={first}&last={last}"

    assert client_for(agent).get(url).status_code == 403
    body = client_for(supervisor).get(url).json()
    assert body["objections"] == {"price": 1, "function": 0, "trust": 0}
    assert [s["reached"] for s in body["stages"]] == [1, 1, 1, 1, 1]
    bad = client_for(supervisor).get(f"/api/v1/presales/report?first={last}&last={first}", **ZH)
    assert bad.status_code == 422 if first != last else bad.status_code == 200


@pytest.mark.req("S-08")
def test_the_lead_list_is_scoped_and_filters_by_agent_and_team(
    agent, teammate, other_team_agent, supervisor
):
    mine, ours = lead_at(agent, Stage.NEW), lead_at(teammate, Stage.NEW)
    theirs = lead_at(other_team_agent, Stage.CONTACTED)

    def ids(user, query=""):
        body = client_for(user).get(f"/api/v1/presales/leads{query}").json()
        return sorted(row["id"] for row in body["items"])

    assert ids(agent) == sorted([mine.pk, ours.pk])
    assert ids(supervisor) == sorted([mine.pk, ours.pk, theirs.pk])
    assert ids(supervisor, f"?team_id={other_team_agent.team_id}") == [theirs.pk]
    assert ids(supervisor, f"?owner_id={teammate.pk}&stage=new") == [ours.pk]
    assert ids(supervisor, "?stage=won") == []
