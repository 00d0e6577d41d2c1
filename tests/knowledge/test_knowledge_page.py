"""The knowledge page: articles to search and scripts by scene, for all staff (N-01, N-02)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.knowledge.factories import ArticleFactory

pytestmark = pytest.mark.req("N-01", "N-02")


def test_the_page_lists_articles_and_scripts_by_scene(agent):
    response = client_for(agent).get("/knowledge/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "夏天用空调的5个省电技巧" in html
    assert 'data-scene="quality_problem"' in html
    assert "非常抱歉给您带来不好的体验。请您提供订单号和问题照片" in html
    assert "您好！我是{brand}客户顾问{agent_name}，请问有什么可以帮到您？" in html


def test_searching_describes_the_problem(agent):
    response = client_for(agent).get("/knowledge/", {"q": "铃声怎么设置"})

    articles = response.content.decode().split('data-testid="articles"')[1].split("</ul>")[0]
    assert "如何设置手机铃声" in articles
    assert "夏天用空调的5个省电技巧" not in articles


def test_a_category_filter_keeps_only_that_category(agent):
    response = client_for(agent).get("/knowledge/", {"category": "service_process"})

    articles = response.content.decode().split('data-testid="articles"')[1].split("</ul>")[0]
    assert "到货延迟：原因、处理与预防" in articles
    assert "如何设置手机铃声" not in articles


def test_an_article_page_shows_its_body(agent):
    row = ArticleFactory(title="耳机配对", body="第一步\n第二步")

    response = client_for(agent).get(f"/knowledge/articles/{row.pk}/")

    assert response.status_code == 200
    assert "<p>第一步<br>第二步</p>" in response.content.decode()


def test_an_agent_gets_a_404_for_a_draft_a_supervisor_sees_it(agent, supervisor):
    draft = ArticleFactory(published=False)

    assert client_for(agent).get(f"/knowledge/articles/{draft.pk}/").status_code == 404
    assert client_for(supervisor).get(f"/knowledge/articles/{draft.pk}/").status_code == 200


def test_the_page_needs_a_login(db):
    response = Client().get("/knowledge/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
