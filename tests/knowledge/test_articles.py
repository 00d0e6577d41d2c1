"""The knowledge base: supervisors write articles, every agent reads and is offered them (N-01)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from kefu.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from kefu.core.models import AuditEntry, Event
from kefu.knowledge.models import KnowledgeArticle
from kefu.knowledge.queries import article, article_list, suggest_articles
from kefu.knowledge.services import create_article, update_article
from tests.knowledge.factories import ArticleFactory

pytestmark = pytest.mark.req("N-01")


def snapshot(row: KnowledgeArticle) -> tuple:
    return tuple(
        KnowledgeArticle.objects.filter(pk=row.pk)
        .values_list(
            "title",
            "body",
            "category",
            "subtype",
            "tags",
            "published",
            "version",
            "updated_at",
        )
        .get()
    )


def test_a_supervisor_adds_an_article(supervisor):
    row = create_article(
        actor=supervisor,
        title="  如何设置闹钟 ",
        body="打开“时钟”，点“闹钟”→“+”。",
        category="customer_usage",
        tags=["闹钟", " 手机 ", "闹钟", ""],
    )

    row.refresh_from_db()
    assert (row.title, row.category, row.subtype, row.tags, row.published, row.version) == (
        "如何设置闹钟",
        "customer_usage",
        "",
        ["闹钟", "手机"],
        True,
        1,
    )
    assert AuditEntry.objects.filter(action="article.created", subject_id=str(row.pk)).count() == 1
    event = Event.objects.get(name="article.created", subject_id=str(row.pk))
    assert event.payload == {"category": "customer_usage", "subtype": "", "published": True}


def test_an_agent_cannot_add_an_article_and_nothing_is_written(agent):
    before = KnowledgeArticle.objects.count()

    with pytest.raises(Forbidden):
        create_article(actor=agent, title="x", body="y", category="customer_usage")

    assert KnowledgeArticle.objects.count() == before
    assert not Event.objects.filter(name__startswith="article.").exists()
    assert not AuditEntry.objects.filter(action__startswith="article.").exists()


def test_an_agent_cannot_edit_an_article_and_nothing_changes(agent):
    row = ArticleFactory()
    before = snapshot(row)

    with pytest.raises(Forbidden):
        update_article(actor=agent, article_id=row.pk, changes={"title": "改了"})

    assert snapshot(row) == before
    assert not Event.objects.filter(name__startswith="article.").exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"category": "nope"}, {"category"}),
        ({"subtype": "nope"}, {"subtype"}),
        ({"title": "  "}, {"title"}),
        ({"body": ""}, {"body"}),
        ({"tags": [f"t{i}" for i in range(21)]}, {"tags"}),
        ({"tags": ["很长" * 16]}, {"tags"}),
    ],
)
def test_an_invalid_article_is_refused_field_by_field(supervisor, fields, errors):
    data = {"title": "标题", "body": "正文", "category": "customer_usage", **fields}
    before = KnowledgeArticle.objects.count()

    with pytest.raises(InvalidInput) as refused:
        create_article(actor=supervisor, **data)

    assert set(refused.value.fields) == errors
    assert KnowledgeArticle.objects.count() == before


def test_a_supervisor_edits_an_article_and_its_version_moves_on(supervisor):
    row = ArticleFactory()

    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        updated = update_article(
            actor=supervisor,
            article_id=row.pk,
            expected_version=1,
            changes={"subtype": "delivery_delay", "category": "service_process"},
        )

    assert (updated.category, updated.subtype, updated.version) == (
        "service_process",
        "delivery_delay",
        2,
    )
    assert KnowledgeArticle.objects.get(pk=row.pk).updated_at.isoformat() == (
        "2026-03-02T02:00:00+00:00"
    )
    entry = AuditEntry.objects.get(action="article.updated")
    assert entry.data == {
        "fields": ["category", "subtype"],
        "before": {"category": "customer_usage", "subtype": ""},
    }


def test_an_edit_of_a_stale_version_is_refused_and_nothing_changes(supervisor):
    row = ArticleFactory()
    update_article(actor=supervisor, article_id=row.pk, changes={"title": "第二版"})
    before = snapshot(row)

    with pytest.raises(Conflict):
        update_article(
            actor=supervisor, article_id=row.pk, changes={"title": "第三版"}, expected_version=1
        )

    assert snapshot(row) == before


def test_editing_an_unknown_field_or_article_is_refused(supervisor):
    row = ArticleFactory()

    with pytest.raises(InvalidInput):
        update_article(actor=supervisor, article_id=row.pk, changes={"version": 9})
    with pytest.raises(NotFound):
        update_article(actor=supervisor, article_id=999999, changes={"title": "x"})


def test_an_unpublished_article_is_hidden_from_agents(agent, supervisor):
    draft = ArticleFactory(published=False)

    assert draft not in article_list(agent)
    assert draft in article_list(supervisor)
    assert article(supervisor, draft.pk) == draft
    with pytest.raises(NotFound):
        article(agent, draft.pk)


def test_the_seeded_knowledge_base_has_the_six_subtypes_and_usage_tutorials(db):
    rows = KnowledgeArticle.objects.filter(published=True)

    assert set(rows.exclude(subtype="").values_list("subtype", flat=True)) == {
        "delivery_delay",
        "expectation_mismatch",
        "quality_defect",
        "service_dissatisfaction",
        "transport_damage",
        "wrong_or_missing_items",
    }
    assert {"如何设置手机铃声", "老人模式设置", "夏天用空调的5个省电技巧"} <= set(
        rows.filter(category="customer_usage").values_list("title", flat=True)
    )
    delay = rows.get(subtype="delivery_delay", category="service_process")
    assert delay.body == (
        "原因分析\n- 发货员工延迟发货\n- 客户地址信息不详\n- 物流公司延迟送货\n\n"
        "处理技巧\n- 核查问题\n- 催件\n- 给予延迟赔偿\n\n"
        "预防措施\n- 掌握好发货员工工作强度，严格规定发货时限\n- 销售时核对地址信息\n"
        "- 制定延迟到货赔偿制度"
    )


@pytest.mark.req("N-01", "A-04")
def test_a_usage_problem_is_offered_the_matching_tutorial_first(db):
    titles = [a.title for a in suggest_articles("customer_usage", None, "客户不会设置手机铃声", 3)]

    assert titles[0] == "如何设置手机铃声"
    assert len(titles) == 3


def test_suggestions_understand_traditional_chinese(db):
    titles = [a.title for a in suggest_articles(text="夏天空調怎麼省電？")]

    assert titles == ["夏天用空调的5个省电技巧"]


def test_the_subtype_outranks_the_category(db):
    rows = suggest_articles("service_process", "delivery_delay", "快递三天还没送到", limit=2)

    assert [a.title for a in rows] == ["到货延迟：原因、处理与预防", "收货时如何验货"]


def test_unpublished_articles_and_zero_scores_are_not_suggested(db):
    ArticleFactory(title="草稿：铃声设置新方法", published=False, tags=["铃声"])

    titles = [a.title for a in suggest_articles(text="铃声")]

    assert titles == ["如何设置手机铃声"]
    assert suggest_articles(text="完全无关的词语组合") == []
    assert suggest_articles() == []


def test_recently_updated_articles_come_first_among_equals(db):
    old = ArticleFactory(title="耳机配对", tags=["蓝牙"])
    newer = ArticleFactory(
        title="音箱配对", tags=["蓝牙"], updated_at=old.updated_at + timedelta(minutes=1)
    )

    assert suggest_articles(text="蓝牙", limit=2) == [newer, old]
