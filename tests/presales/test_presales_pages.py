"""The pre-sales pages as an agent and a supervisor use them (S-01..S-09): Chinese pages,
refusals shown on their form with nothing changed."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kefu.core.events import pump
from kefu.notify.models import Message
from kefu.presales.models import Inquiry, Lead, NeedsAnalysis, Stage
from tests.conftest import client_for
from tests.presales.conftest import lead_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def html(response) -> str:
    return response.content.decode()


@pytest.mark.req("S-01", "S-03", "S-04")
def test_an_agent_records_an_inquiry_and_replies_from_the_prefilled_composer(agent, catalog):
    agent.first_name = "小A"
    agent.save()
    client = client_for(agent)

    created = client.post(
        "/presales/inquiries/new/",
        {
            "channel": "web",
            "question": "老人手机多少钱？",
            "name": "王芳",
            "phone": "13912345678",
            "product_id": catalog["elder"].pk,
        },
    )
    inquiry = Inquiry.objects.get()
    assert created.status_code == 302
    page = html(client.get(f"/presales/inquiries/{inquiry.pk}/"))
    assert "我是Kefu客户顾问小A，请问有什么可以帮到您？" in page
    client.post(f"/presales/inquiries/{inquiry.pk}/", {"body": "我是小A。", "promise": "1"})
    page = html(client.get(f"/presales/inquiries/{inquiry.pk}/"))
    assert 'data-testid="opening-missing"' in page
    assert "问候" in page and "服务意图" in page
    assert 'data-status="met"' in page
    queue = html(client.get("/presales/inquiries/"))
    assert "老人手机多少钱？" in queue


@pytest.mark.req("S-01")
def test_an_unknown_product_is_shown_on_the_form_and_nothing_is_recorded(agent):
    response = client_for(agent).post(
        "/presales/inquiries/new/",
        {"channel": "web", "question": "价格？", "name": "王芳", "product_id": 424242},
    )

    assert response.status_code == 422
    assert "没有该编号的在售商品。" in html(response)
    assert Inquiry.objects.count() == 0


@pytest.mark.req("S-05", "S-06")
def test_needs_are_saved_and_matching_products_shown_with_reasons(agent, catalog):
    lead = lead_at(agent, Stage.CONTACTED)
    client = client_for(agent)

    client.post(
        f"/presales/leads/{lead.pk}/needs/",
        {
            "version": lead.version,
            "what": "老人手机",
            "budget_yuan": "1500",
            "features": "大字体",
            "category_id": catalog["elder"].category_id,
        },
    )
    page = html(client.get(f"/presales/leads/{lead.pk}/"))

    assert NeedsAnalysis.objects.get().budget_fen == 150000
    assert "29%" in page
    assert "价格 ¥1,299.00 在预算 ¥1,500.00 以内" in page
    assert "老人手机 E1" in page


@pytest.mark.req("S-05")
@pytest.mark.parametrize("budget", ["0", "-1", "abc"])
def test_a_bad_budget_is_refused_on_the_page_in_chinese(agent, budget):
    lead = lead_at(agent, Stage.CONTACTED)

    response = client_for(agent).post(
        f"/presales/leads/{lead.pk}/needs/",
        {"version": lead.version, "what": "手机", "budget_yuan": budget},
    )

    assert response.status_code == 422
    assert "预算必须是大于零的数字。" in html(response)
    assert not NeedsAnalysis.objects.exists()
    assert Lead.objects.get().stage == Stage.CONTACTED


@pytest.mark.req("S-08")
def test_a_stale_page_is_refused_and_nothing_changes(agent):
    lead = lead_at(agent, Stage.CONTACTED)

    response = client_for(agent).post(
        f"/presales/leads/{lead.pk}/lose/", {"version": lead.version - 1, "reason": "不买了"}
    )

    assert response.status_code == 422
    assert "其他人修改" in html(response)
    assert Lead.objects.get().stage == Stage.CONTACTED


@pytest.mark.req("S-07", "S-09")
def test_an_objection_then_the_deal_from_the_lead_page(agent, catalog):
    lead = lead_at(agent, Stage.RECOMMENDED, catalog)
    client = client_for(agent)
    page = html(client.get(f"/presales/leads/{lead.pk}/"))
    assert "您觉得价格高是正常的" in page

    client.post(
        f"/presales/leads/{lead.pk}/objection/",
        {"version": lead.version, "kind": "price", "words": "比别家贵", "answer": ""},
    )
    lead.refresh_from_db()
    client.post(
        f"/presales/leads/{lead.pk}/win/",
        {
            "version": lead.version,
            "product_id": catalog["elder"].pk,
            "quantity": 1,
            "expected_delivery_on": str(timezone.localdate() + timedelta(days=2)),
        },
    )
    pump()

    lead.refresh_from_db()
    assert lead.stage == Stage.WON
    assert lead.objections.get().kind == "price"
    assert Message.objects.filter(template_event="lead.won").count() == 1
    assert lead.order.number in html(client.get(f"/presales/leads/{lead.pk}/"))


@pytest.mark.req("S-08")
def test_the_board_counts_leads_per_stage_and_the_list_filters_them(agent, supervisor, catalog):
    lead_at(agent, Stage.NEW)
    lead_at(agent, Stage.RECOMMENDED, catalog)
    board = html(client_for(agent).get("/presales/"))

    assert 'data-testid="count-new">1<' in board
    assert 'data-testid="count-recommended">1<' in board
    assert 'data-testid="count-won">0<' in board
    listed = html(client_for(supervisor).get(f"/presales/?view=list&stage=new&owner={agent.pk}"))
    assert listed.count('data-stage="new"') == 1
    assert 'data-stage="recommended"' not in listed


@pytest.mark.req("S-08")
def test_the_supervisor_reports_and_exports_while_an_agent_may_not(agent, supervisor, catalog):
    lead_at(agent, Stage.NEGOTIATING, catalog)
    boss = client_for(supervisor)

    report = html(boss.get("/presales/report/"))
    book = load_workbook(io.BytesIO(boss.get("/presales/export.xlsx").content))
    text = boss.get("/presales/export.csv").content.decode("utf-8-sig")

    assert "议价中" in report
    assert list(book.active.iter_rows(values_only=True))[1][3] == "议价中"
    assert next(csv.reader(io.StringIO(text)))[:2] == ["线索", "客户"]
    assert client_for(agent).get("/presales/report/").status_code == 403
    assert client_for(agent).get("/presales/export.csv").status_code == 403
