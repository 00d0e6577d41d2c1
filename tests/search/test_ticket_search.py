"""Finding tickets: two-character words, Traditional input, who finds what, marks, rank, pages.

Permission is in the index: each ticket carries its team, assignee and escalation keys, and a
user's search asks only for the keys ``ticket_q`` gives them.
"""

from __future__ import annotations

import pytest

from kefu.core.models import Role
from kefu.search import queries
from kefu.search.queries import search
from kefu.tickets.handlers import ticket_url
from tests.conftest import make_user
from tests.search.conftest import found, index_tickets
from tests.tickets.factories import EscalationFactory, TicketFactory


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("退款", "客户申请退款，希望三天内到账"),
        ("物流", "物流信息五天没有更新"),
        ("发错", "商家发错颜色了，要黑色的"),
    ],
)
def test_two_character_words_find_the_ticket_that_contains_them(supervisor, word, text):
    wanted = TicketFactory(description=text)
    other = TicketFactory(description="屏幕有划痕")
    index_tickets(wanted, other)

    assert found(supervisor, word) == [wanted.pk]


def test_a_traditional_query_finds_simplified_text_and_the_other_way_round(supervisor):
    simplified = TicketFactory(description="手机开不了机，要求换货")
    traditional = TicketFactory(description="電池充電很慢")
    index_tickets(simplified, traditional)

    assert found(supervisor, "開不了機") == [simplified.pk]
    assert found(supervisor, "換貨") == [simplified.pk]
    assert found(supervisor, "电池 充电") == [traditional.pk]


def test_every_word_of_the_query_must_be_in_the_ticket(supervisor):
    both = TicketFactory(description="屏幕碎了，要求退款")
    one = TicketFactory(description="屏幕碎了")
    index_tickets(both, one)

    assert found(supervisor, "屏幕 退款") == [both.pk]
    assert sorted(found(supervisor, "屏幕")) == sorted([both.pk, one.pk])


def test_a_ticket_is_found_by_its_number_and_its_order_number(supervisor, order):
    ticket = TicketFactory(number="T2603020007", order=order, customer=order.customer)
    index_tickets(ticket)

    assert found(supervisor, "T2603020007") == [ticket.pk]
    assert found(supervisor, "dd20260302001") == [ticket.pk]


def test_an_agent_does_not_find_another_teams_ticket(agent, teammate, other_team_agent, team):
    ticket = TicketFactory(description="申请退款", team=team)
    index_tickets(ticket)

    assert found(agent, "退款") == [ticket.pk]
    assert found(teammate, "退款") == [ticket.pk]
    assert found(other_team_agent, "退款") == []


def test_an_agent_finds_a_ticket_of_another_team_assigned_to_them(other_team_agent, team):
    ticket = TicketFactory(description="申请退款", team=team, assignee=other_team_agent)
    index_tickets(ticket)

    assert found(other_team_agent, "退款") == [ticket.pk]


def test_supervisors_and_managers_find_every_team_s_tickets(supervisor, manager, other_team):
    ticket = TicketFactory(description="申请退款", team=other_team)
    index_tickets(ticket)

    assert found(supervisor, "退款") == [ticket.pk]
    assert found(manager, "退款") == [ticket.pk]


def test_tech_support_finds_only_tickets_escalated_to_tech_support_or_to_them(tech_support, team):
    escalated = TicketFactory(description="屏幕闪烁", team=team)
    EscalationFactory(ticket=escalated, target="tech_support")
    to_them = TicketFactory(description="屏幕闪烁 送修")
    EscalationFactory(ticket=to_them, target="supervisor", to_user=tech_support)
    team_only = TicketFactory(description="屏幕闪烁", team=team)
    index_tickets(escalated, to_them, team_only)

    assert sorted(found(tech_support, "屏幕")) == sorted([escalated.pk, to_them.pk])


def test_an_inactive_or_anonymous_user_finds_nothing(agent, team):
    ticket = TicketFactory(description="申请退款", team=team)
    index_tickets(ticket)
    agent.is_active = False
    agent.save()

    assert found(agent, "退款") == []
    assert found(None, "退款") == []


def test_the_matched_words_are_marked_and_the_rest_escaped(supervisor):
    ticket = TicketFactory(description="<b>急</b> 客户要求退款", demand="退款到原账户")
    index_tickets(ticket)

    hit = search(supervisor, "退款").items[0]

    assert hit.snippet == (
        "&lt;b&gt;急&lt;/b&gt; 客户要求<mark>退款</mark>\n<mark>退款</mark>到原账户"
    )
    assert hit.title == f"{ticket.number} {ticket.customer.name}"
    assert hit.url == ticket_url(ticket.number)


def test_traditional_text_is_marked_where_the_simplified_query_matched(supervisor):
    ticket = TicketFactory(description="要求換貨", demand="")
    index_tickets(ticket)

    assert search(supervisor, "换货").items[0].snippet == "要求<mark>換貨</mark>"


def test_a_long_text_shows_a_window_around_the_first_match(supervisor):
    ticket = TicketFactory(description="说明" * 100 + "退款" + "谢谢" * 100)
    index_tickets(ticket)

    snippet = search(supervisor, "退款").items[0].snippet

    assert snippet.startswith("…说明")
    assert "<mark>退款</mark>" in snippet
    assert snippet.endswith("谢谢…")


def test_more_matches_rank_higher_and_newer_first_among_equals(supervisor):
    many = TicketFactory(description="退款！退款！退款！")
    old_one = TicketFactory(description="要求退款")
    new_one = TicketFactory(description="申请退款")
    index_tickets(many, old_one, new_one)

    results = search(supervisor, "退款")

    assert [h.object_id for h in results.items] == [many.pk, new_one.pk, old_one.pk]
    assert [h.score for h in results.items] == [3, 1, 1]


def test_results_come_in_pages_with_has_more(supervisor):
    tickets = [TicketFactory(description=f"物流延迟 第{n}单") for n in range(25)]
    index_tickets(*tickets)

    pages = [search(supervisor, "物流", limit=10, offset=o) for o in (0, 10, 20)]

    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert [p.has_more for p in pages] == [True, True, False]
    seen = [h.object_id for p in pages for h in p.items]
    assert seen == [t.pk for t in reversed(tickets)]


def test_past_the_ranking_pool_results_continue_newest_first(supervisor, monkeypatch):
    monkeypatch.setattr(queries, "POOL", 4)
    tickets = [TicketFactory(description="快递破损") for _n in range(7)]
    best_old = TicketFactory(description="快递破损 快递破损")
    index_tickets(best_old, *tickets)

    pages = [search(supervisor, "快递", limit=3, offset=o) for o in (0, 3, 6)]

    seen = [h.object_id for p in pages for h in p.items]
    newest_first = [t.pk for t in reversed(tickets)]
    # The pool is the 4 newest matches; the older ones follow newest first.
    assert seen == [*newest_first[:4], *newest_first[4:], best_old.pk]
    assert [p.has_more for p in pages] == [True, True, False]


def test_a_query_without_words_finds_nothing(supervisor):
    index_tickets(TicketFactory(description="申请退款"))

    results = search(supervisor, "的了吗 ，。！")

    assert (results.items, results.terms, results.has_more) == ([], [], False)


def test_kinds_narrow_the_search_and_an_unknown_kind_is_refused(supervisor):
    from kefu.core.errors import InvalidInput

    ticket = TicketFactory(description="申请退款")
    index_tickets(ticket)

    assert found(supervisor, "退款", kinds=["ticket"]) == [ticket.pk]
    assert found(supervisor, "退款", kinds=["customer"]) == []
    with pytest.raises(InvalidInput) as refused:
        search(supervisor, "退款", kinds=["invoice"])
    assert refused.value.code == "unknown_kind"


def test_an_agent_without_a_team_finds_only_what_is_assigned_to_them(team):
    loner = make_user("loner", Role.AGENT)
    mine = TicketFactory(description="申请退款", assignee=loner, team=team)
    theirs = TicketFactory(description="申请退款", team=team)
    index_tickets(mine, theirs)

    assert found(loner, "退款") == [mine.pk]


def test_words_too_rare_for_the_newest_window_are_found_further_back(supervisor, monkeypatch):
    from kefu.search import backends

    monkeypatch.setattr(backends, "WINDOW", 3)
    rare = TicketFactory(description="发票抬头错了")
    later = [TicketFactory(description=f"物流延迟 第{n}单") for n in range(6)]
    index_tickets(rare, *later)

    assert found(supervisor, "发票") == [rare.pk]
    assert found(supervisor, "物流", limit=4) == [t.pk for t in reversed(later)][:4]
    assert found(supervisor, "物流", limit=4, offset=4) == [later[1].pk, later[0].pk]
