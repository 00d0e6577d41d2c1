"""The search API and page: one call to ``search``, its refusals as JSON or in place."""

from __future__ import annotations

from django.test import Client

from kefu.tickets.handlers import ticket_url
from tests.conftest import client_for
from tests.search.conftest import index_tickets
from tests.tickets.factories import TicketFactory


def test_the_api_answers_marked_hits_the_user_may_see(agent, team, other_team):
    mine = TicketFactory(description="申请退款", team=team)
    index_tickets(mine, TicketFactory(description="申请退款", team=other_team))

    response = client_for(agent).get("/api/v1/search", {"q": "退款", "kinds": "ticket"})

    assert response.status_code == 200
    body = response.json()
    assert body["terms"] == ["退款"]
    assert (body["limit"], body["offset"], body["has_more"]) == (20, 0, False)
    assert [(h["kind"], h["object_id"]) for h in body["items"]] == [("ticket", mine.pk)]
    assert body["items"][0]["snippet"] == "申请<mark>退款</mark>\n希望尽快修复"


def test_the_api_refuses_an_unknown_kind_and_bad_paging_with_422(agent):
    client = client_for(agent)

    unknown = client.get("/api/v1/search", {"q": "退款", "kinds": "invoice"})
    too_many = client.get("/api/v1/search", {"q": "退款", "limit": 1000})

    assert unknown.status_code == 422
    assert unknown.json()["error"] == "unknown_kind"
    assert too_many.status_code == 422
    assert too_many.json()["fields"] == {"limit": "Input should be less than or equal to 100"}


def test_the_api_asks_for_a_login(db):
    response = Client().get("/api/v1/search", {"q": "退款"})

    assert response.status_code == 401


def test_the_page_shows_hits_with_the_words_marked(agent, team):
    ticket = TicketFactory(description="物流<慢>", team=team)
    index_tickets(ticket)

    response = client_for(agent).get("/search/", {"q": "物流"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>物流</mark>&lt;慢&gt;" in html
    assert f'href="{ticket_url(ticket.number)}"' in html


def test_the_page_says_when_nothing_is_found_and_needs_a_login(agent):
    response = client_for(agent).get("/search/", {"q": "退款"})

    assert "没有找到结果" in response.content.decode()  # pages speak Chinese by default
    assert Client().get("/search/", {"q": "退款"}).status_code == 302


def test_the_bench_only_endpoint_is_not_served_without_kefu_bench(db):
    response = Client().post("/bench/bare", "{}", content_type="application/json")

    assert response.status_code == 404
