"""Articles over the API: read by staff, written by supervisors, suggested for a problem (N-01)."""

from __future__ import annotations

import pytest

from kefu.core.models import Event
from kefu.knowledge.models import KnowledgeArticle
from tests.conftest import client_for
from tests.knowledge.factories import ArticleFactory

pytestmark = pytest.mark.req("N-01")

NEW = {
    "title": "如何设置闹钟",
    "body": "打开“时钟”，点“闹钟”。",
    "category": "customer_usage",
    "tags": ["闹钟"],
}


def post(user, body, **headers):
    return client_for(user).post(
        "/api/v1/articles", body, content_type="application/json", **headers
    )


def patch(user, article_id, body):
    return client_for(user).patch(
        f"/api/v1/articles/{article_id}", body, content_type="application/json"
    )


def test_a_supervisor_creates_an_article(supervisor):
    response = post(supervisor, NEW)

    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k] for k in ("title", "category", "subtype", "tags", "published", "version")
    } == {
        "title": "如何设置闹钟",
        "category": "customer_usage",
        "subtype": "",
        "tags": ["闹钟"],
        "published": True,
        "version": 1,
    }


def test_a_retried_create_with_the_same_idempotency_key_creates_once(supervisor):
    first = post(supervisor, NEW, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(supervisor, NEW, HTTP_IDEMPOTENCY_KEY="k-1")

    assert again.json() == first.json()
    assert KnowledgeArticle.objects.filter(title="如何设置闹钟").count() == 1


def test_an_agent_cannot_create_an_article(agent):
    before = KnowledgeArticle.objects.count()

    response = post(agent, NEW)

    assert response.status_code == 403
    assert KnowledgeArticle.objects.count() == before
    assert not Event.objects.filter(name="article.created").exists()


@pytest.mark.parametrize(
    "body",
    [
        {**NEW, "category": "nope"},
        {**NEW, "subtype": "nope"},
        {**NEW, "title": ""},
        {**NEW, "tags": "闹钟"},
        {"title": "只有标题"},
        {**NEW, "published": "maybe"},
    ],
)
def test_creating_with_bad_input_is_a_422_and_nothing_is_written(supervisor, body):
    before = KnowledgeArticle.objects.count()

    response = post(supervisor, body)

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"
    assert KnowledgeArticle.objects.count() == before


def test_a_supervisor_unpublishes_an_article_with_the_version_read(supervisor, agent):
    row = ArticleFactory()

    response = patch(supervisor, row.pk, {"published": False, "version": 1})

    assert response.status_code == 200
    assert (response.json()["published"], response.json()["version"]) == (False, 2)
    assert client_for(agent).get(f"/api/v1/articles/{row.pk}").status_code == 404


def test_a_stale_patch_is_a_409(supervisor):
    row = ArticleFactory()
    patch(supervisor, row.pk, {"title": "第二版"})

    response = patch(supervisor, row.pk, {"title": "第三版", "version": 1})

    assert response.status_code == 409
    assert KnowledgeArticle.objects.get(pk=row.pk).title == "第二版"


@pytest.mark.parametrize("body", [{"title": None}, {"category": "nope"}, {"tags": [1, 2]}])
def test_a_bad_patch_is_a_422_and_nothing_changes(supervisor, body):
    row = ArticleFactory(title="原标题")

    response = patch(supervisor, row.pk, body)

    assert response.status_code == 422
    assert KnowledgeArticle.objects.get(pk=row.pk).title == "原标题"


def test_an_agent_cannot_patch_an_article(agent):
    row = ArticleFactory(title="原标题")

    response = patch(agent, row.pk, {"title": "改了"})

    assert response.status_code == 403
    assert KnowledgeArticle.objects.get(pk=row.pk).title == "原标题"


def test_the_list_pages_and_filters_by_category(agent):
    ArticleFactory(published=False, category="customer_usage")

    response = client_for(agent).get("/api/v1/articles?category=customer_usage&limit=2")

    body = response.json()
    assert [a["category"] for a in body["items"]] == ["customer_usage", "customer_usage"]
    assert body["has_more"] is True
    assert all(a["published"] for a in body["items"])


def test_an_unknown_category_filter_is_a_422(agent):
    assert client_for(agent).get("/api/v1/articles?category=nope").status_code == 422


@pytest.mark.req("N-01", "A-04")
def test_suggestions_for_a_problem(agent):
    response = client_for(agent).get(
        "/api/v1/articles/suggest?category=customer_usage&text=老人模式怎么打开&limit=1"
    )

    assert [a["title"] for a in response.json()] == ["老人模式设置"]
