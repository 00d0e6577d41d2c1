"""Product analysis (Y-03): units and orders by category and model, tickets per 100 units sold,
and the products bought together with support and lift."""

from __future__ import annotations

import pytest

from kefu.analytics.facts import rebuild_ticket_facts
from kefu.analytics.products import product_report
from tests.analytics.conftest import MARCH, at, ticket
from tests.catalog.factories import CategoryFactory, OrderFactory, ProductFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

pytestmark = [pytest.mark.req("Y-03"), pytest.mark.django_db]


@pytest.fixture
def shop(team, other_team):
    """Four March baskets of phones (P), earbuds (E) and watches (W); one April basket.

    B1 P E (team 一组) · B2 P E W (一组) · B3 P ×2 (二组) · B4 W (二组) · B5 P E in April.
    Two tickets about phones and one about earbuds in March.
    """
    phones, home = CategoryFactory(name="手机数码"), CategoryFactory(name="小家电")
    p = ProductFactory(sku="P", name="智能手机 X1", category=phones)
    e = ProductFactory(sku="E", name="无线蓝牙耳机", category=phones)
    w = ProductFactory(sku="W", name="智能手表", category=home)
    mine, theirs = CustomerFactory(team=team), CustomerFactory(team=other_team)
    b1 = OrderFactory(customer=mine, purchased_at=at(2026, 3, 2, 10), items=[p, e])
    OrderFactory(customer=mine, purchased_at=at(2026, 3, 3, 10), items=[p, e, w])
    OrderFactory(customer=theirs, purchased_at=at(2026, 3, 4, 10), items=[p], items__quantity=2)
    OrderFactory(customer=theirs, purchased_at=at(2026, 3, 5, 10), items=[w])
    OrderFactory(customer=mine, purchased_at=at(2026, 4, 2, 10), items=[p, e])
    items = {i.product.sku: i for i in b1.items.all()}
    ticket(at(2026, 3, 8, 10), team=team, customer=mine, order=b1, order_item=items["P"])
    ticket(at(2026, 3, 9, 10), team=team, customer=mine, order=b1, order_item=items["P"])
    ticket(at(2026, 3, 9, 11), team=team, customer=mine, order=b1, order_item=items["E"])
    rebuild_ticket_facts()
    return p, e, w


def test_popularity_and_tickets_per_100_units_by_model(shop, manager):
    report = product_report(actor=manager, period=MARCH)
    keys = ("sku", "units", "orders", "tickets", "problem_rate")

    assert [tuple(r[k] for k in keys) for r in report.table("models").rows] == [
        ("P", 4, 3, 2, 50.0),
        ("E", 2, 2, 1, 50.0),
        ("W", 2, 2, 0, 0.0),
    ]


def test_popularity_by_category(shop, manager):
    report = product_report(actor=manager, period=MARCH)

    assert [
        (r["label"], r["units"], r["tickets"], r["problem_rate"])
        for r in report.table("categories").rows
    ] == [
        ("手机数码", 6, 3, 50.0),
        ("小家电", 2, 0, 0.0),
    ]


def test_products_bought_together_with_support_and_lift(shop, manager):
    report = product_report(actor=manager, period=MARCH)
    keys = ("first", "second", "orders", "support", "lift")

    # 4 baskets: P in 3, E in 2, W in 2. P+E in 2 → support 50 %, lift 2·4/(3·2) = 1.33.
    assert [tuple(r[k] for k in keys) for r in report.table("pairs").rows] == [
        ("智能手机 X1", "无线蓝牙耳机", 2, 50.0, 1.33),
        ("智能手机 X1", "智能手表", 1, 25.0, 0.67),
        ("无线蓝牙耳机", "智能手表", 1, 25.0, 1.0),
    ]


def test_a_supervisor_counts_their_team_customers_orders_only(shop, supervisor):
    report = product_report(actor=supervisor, period=MARCH)

    assert [(r["sku"], r["units"]) for r in report.table("models").rows] == [
        ("P", 2),
        ("E", 2),
        ("W", 1),
    ]
    assert [(r["orders"], r["lift"]) for r in report.table("pairs").rows] == [
        (2, 1.0),
        (1, 1.0),
        (1, 1.0),
    ]


def test_the_page_and_the_api_show_the_pairs(shop, manager):
    client = client_for(manager)
    page = client.get("/analytics/products/?start=2026-03-01&end=2026-03-31")
    body = client.get("/api/v1/analytics/products?start=2026-03-01&end=2026-03-31").json()

    pairs = next(t for t in body["tables"] if t["key"] == "pairs")["rows"]
    assert page.status_code == 200
    assert "智能手机 X1" in page.content.decode() and 'data-chart="models"' in page.content.decode()
    assert [(r["orders"], r["support"], r["lift"]) for r in pairs] == [
        (2, 50.0, 1.33),
        (1, 25.0, 0.67),
        (1, 25.0, 1.0),
    ]
