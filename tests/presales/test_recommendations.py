"""Explainable recommendations from needs and budget (S-06), and RAS objections (S-07)."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, InvalidInput
from kefu.core.models import Event
from kefu.knowledge.models import Script
from kefu.presales import queries, services
from kefu.presales.models import Objection, Recommendation, Stage
from tests.presales.conftest import lead_at

pytestmark = pytest.mark.django_db


def analysed(agent, catalog, **needs):
    lead = lead_at(agent, Stage.CONTACTED)
    services.record_needs(actor=agent, lead=lead, version=None, changes=needs)
    lead.refresh_from_db()
    return lead


@pytest.mark.req("S-06")
def test_products_are_ranked_with_the_reason_for_every_point(agent, catalog):
    phones = catalog["elder"].category
    lead = analysed(
        agent, catalog, category_id=phones.pk, budget_fen=150000, features="大字体，一键视频"
    )

    ranked = queries.suggestions(lead)

    assert [(m.product.sku, m.score) for m in ranked] == [
        ("PH-ELDER", 90),
        ("PH-PRO", 50),
        ("WA-1", 30),
    ]
    assert ranked[0].reasons == [
        "In the category asked for: 手机数码",
        "Price ¥1,299.00 within the budget of ¥1,500.00",
        "Has the features asked for: 大字体、一键视频",
    ]
    assert ranked[0].selling_points == ["老人模式，大字体", "一键视频", "电池能用3天"]
    assert ranked[1].reasons == [
        "In the category asked for: 手机数码",
        "Has the features asked for: 大字体",
    ]


@pytest.mark.req("S-06")
def test_a_price_just_over_budget_scores_less(agent, catalog):
    lead = analysed(agent, catalog, budget_fen=120000)

    ranked = queries.suggestions(lead)

    assert [(m.product.sku, m.score, m.reasons) for m in ranked] == [
        ("WA-1", 30, ["Price ¥999.00 within the budget of ¥1,200.00"]),
        ("PH-ELDER", 10, ["Price ¥1,299.00 slightly over the budget of ¥1,200.00"]),
    ]


@pytest.mark.req("S-06")
def test_sending_recommendations_keeps_score_and_reasons(agent, catalog):
    lead = analysed(agent, catalog, budget_fen=150000)

    rows = services.send_recommendation(
        actor=agent,
        lead=lead,
        version=lead.version,
        product_ids=[catalog["elder"].pk, catalog["watch"].pk],
        message="根据您的预算，这款机型性价比最高。",
    )

    assert [(r.product.sku, r.score, r.message) for r in rows] == [
        ("PH-ELDER", 30, "根据您的预算，这款机型性价比最高。"),
        ("WA-1", 30, "根据您的预算，这款机型性价比最高。"),
    ]
    lead.refresh_from_db()
    assert lead.stage == Stage.RECOMMENDED


@pytest.mark.req("S-06")
@pytest.mark.parametrize("ids", [[999999], [], "inactive"], ids=["unknown", "none", "off-sale"])
def test_recommending_an_unknown_product_is_refused(agent, catalog, ids):
    if ids == "inactive":
        catalog["watch"].active = False
        catalog["watch"].save()
        ids = [catalog["elder"].pk, catalog["watch"].pk]
    lead = analysed(agent, catalog)
    before = (lead.version, Event.objects.count())

    with pytest.raises(InvalidInput) as refused:
        services.send_recommendation(actor=agent, lead=lead, version=lead.version, product_ids=ids)

    assert "product_ids" in refused.value.fields
    lead.refresh_from_db()
    assert (lead.version, Event.objects.count(), lead.stage) == (*before, Stage.NEEDS_ANALYSED)
    assert not Recommendation.objects.exists()


@pytest.mark.req("S-06")
def test_nothing_is_recommended_before_the_needs_are_known(agent, catalog):
    lead = lead_at(agent, Stage.CONTACTED)

    with pytest.raises(Conflict):
        services.send_recommendation(
            actor=agent, lead=lead, version=None, product_ids=[catalog["elder"].pk]
        )

    assert not Recommendation.objects.exists()


@pytest.mark.req("S-07")
def test_the_ras_scripts_of_the_seeds_are_offered_per_objection_kind():
    scripts = queries.objection_scripts()

    titles = {kind: [s.title for s in rows] for kind, rows in scripts.items()}
    assert titles == {
        "price": ["价格异议（RAS）", "与其他品牌比价", "认同意见，转为卖点（RAS）"],
        "function": ["功能异议（RAS）", "用客户的观点（RAS）"],
        "trust": ["信任异议（RAS）", "案例证明（RAS）"],
    }
    assert scripts["price"][0].body.startswith(
        "您觉得价格高是正常的，毕竟谁都想买到性价比高的产品。"
    )


@pytest.mark.req("S-07")
def test_an_objection_is_recorded_with_its_script_and_the_lead_negotiates(agent, catalog):
    lead = lead_at(agent, Stage.RECOMMENDED, catalog)
    script = Script.objects.get(title="价格异议（RAS）")

    row = services.record_objection(
        actor=agent,
        lead=lead,
        version=lead.version,
        kind="price",
        words="你们的价格比别人高",
        answer=script.body,
        script_id=script.pk,
    )

    assert (row.kind, row.words, row.script) == ("price", "你们的价格比别人高", script)
    lead.refresh_from_db()
    assert lead.stage == Stage.NEGOTIATING


@pytest.mark.req("S-07")
@pytest.mark.parametrize(
    ("values", "field"),
    [({"kind": "colour"}, "kind"), ({"words": ""}, "words"), ({"script_id": -1}, "script_id")],
)
def test_a_bad_objection_is_refused(agent, catalog, values, field):
    lead = lead_at(agent, Stage.RECOMMENDED, catalog)
    data = {"kind": "price", "words": "太贵了", **values}

    with pytest.raises(InvalidInput) as refused:
        services.record_objection(actor=agent, lead=lead, version=lead.version, **data)

    assert field in refused.value.fields
    assert not Objection.objects.exists()
    lead.refresh_from_db()
    assert lead.stage == Stage.RECOMMENDED
