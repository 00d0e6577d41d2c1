"""Finding customers by name, phone tail or order number — only the ones the user may see."""

from __future__ import annotations

from kefu.customers.handlers import search_document
from kefu.search.queries import search
from kefu.search.services import index_documents
from tests.catalog.factories import OrderFactory
from tests.customers.factories import CustomerFactory
from tests.search.conftest import found


def index(*customers) -> None:
    index_documents(search_document(c) for c in customers)


def test_a_customer_is_found_by_name_phone_tail_full_number_and_order_number(supervisor):
    customer = CustomerFactory(name="张晓明", phone="+8613812345678", alt_phone="+8602088886666")
    OrderFactory(number="DD20260401009", customer=customer)
    other = CustomerFactory(name="李娜", phone="+8613900001111")
    index(customer, other)

    assert found(supervisor, "张晓明") == [customer.pk]
    assert found(supervisor, "5678") == [customer.pk]
    assert found(supervisor, "13812345678") == [customer.pk]
    assert found(supervisor, "6666") == [customer.pk]
    assert found(supervisor, "DD20260401009") == [customer.pk]


def test_the_phone_is_shown_masked_in_the_hit(supervisor):
    customer = CustomerFactory(
        name="张晓明", phone="+8613812345678", province="广东省", city="深圳市"
    )
    index(customer)

    hit = search(supervisor, "5678").items[0]

    assert hit.title == "张晓明"
    assert hit.snippet == "138****<mark>5678</mark> · 广东省 深圳市"
    assert hit.url == f"/customers/{customer.pk}/"


def test_an_agent_finds_their_own_and_their_team_s_customers_only(
    agent, teammate, other_team_agent, team, other_team
):
    team_customer = CustomerFactory(name="王芳", team=team)
    owned = CustomerFactory(name="王芳", owner=other_team_agent, team=other_team)
    index(team_customer, owned)

    assert found(agent, "王芳") == [team_customer.pk]
    assert found(teammate, "王芳") == [team_customer.pk]
    assert found(other_team_agent, "王芳") == [owned.pk]
