"""Supervisors keep articles and scripts in the admin site, through the services (N-01, N-02)."""

from __future__ import annotations

import pytest

from kefu.core.models import AuditEntry, Event
from kefu.knowledge.models import KnowledgeArticle, Script
from tests.conftest import client_for
from tests.knowledge.factories import ArticleFactory

pytestmark = pytest.mark.req("N-01", "N-02")


@pytest.fixture
def editor(supervisor):
    supervisor.is_staff = True
    supervisor.save()
    return client_for(supervisor)


ARTICLE = {
    "title": "如何设置闹钟",
    "body": "打开“时钟”。",
    "category": "customer_usage",
    "subtype": "",
    "tags": "闹钟，手机, 闹钟",
    "published": "on",
}


def test_an_article_added_in_the_admin_is_created_by_the_service(editor):
    response = editor.post("/admin/knowledge/knowledgearticle/add/", ARTICLE)

    assert response.status_code == 302
    row = KnowledgeArticle.objects.get(title="如何设置闹钟")
    assert row.tags == ["闹钟", "手机"]
    assert Event.objects.filter(name="article.created", subject_id=str(row.pk)).count() == 1


def test_an_article_edited_in_the_admin_moves_its_version(editor):
    row = ArticleFactory(title="旧标题", tags=["铃声"])

    response = editor.post(
        f"/admin/knowledge/knowledgearticle/{row.pk}/change/",
        {**ARTICLE, "title": "新标题", "tags": "铃声"},
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.title, row.version) == ("新标题", 2)
    assert AuditEntry.objects.get(action="article.updated").data["fields"] == [
        "body",
        "title",
    ]


def test_a_script_with_an_unknown_placeholder_is_refused_on_the_admin_form(editor):
    response = editor.post(
        "/admin/knowledge/script/add/",
        {
            "scene": "closing",
            "title": "错别字",
            "body": "{custmer_name}，再见。",
            "notes": "",
            "language": "zh-hans",
            "seed": "",
            "active": "on",
            "sort_order": "9",
        },
    )

    assert response.status_code == 200
    assert "{custmer_name}" in response.content.decode()
    assert not Script.objects.filter(title="错别字").exists()


def test_an_agent_cannot_open_the_article_admin(agent):
    agent.is_staff = True
    agent.save()

    assert client_for(agent).get("/admin/knowledge/knowledgearticle/").status_code == 403
