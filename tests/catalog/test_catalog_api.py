"""Products, orders, verdicts and the import over the API (O-01, O-02, O-03)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import time_machine

from kefu.catalog.models import Order, Product
from kefu.core.models import AuditEntry, Event
from tests.catalog.factories import CategoryFactory, OrderFactory, ProductFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

JSON = "application/json"


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2026, 1, 20, 12, 0), tick=False):
        yield


@pytest.fixture
def customer(agent, team):
    return CustomerFactory(owner=agent, team=team)


@pytest.fixture
def phone(db):
    return ProductFactory(
        sku="PHONE-X1",
        name="智能手机 X1",
        price_fen=299900,
        category=CategoryFactory(name="手机数码"),
    )


@pytest.mark.req("O-01")
def test_a_supervisor_adds_a_product_and_everyone_lists_it(supervisor, agent, phone):
    case = ProductFactory(sku="CASE-01", category=phone.category)
    body = {
        "sku": "BAT-2",
        "name": "原装电池",
        "category_id": phone.category_id,
        "price_fen": 9900,
        "warranty_months": 6,
        "replacement_cycle_months": 24,
        "related_ids": [phone.pk, case.pk],
    }

    created = client_for(supervisor).post(
        "/api/v1/products", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="p-1"
    )
    again = client_for(supervisor).post(
        "/api/v1/products", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="p-1"
    )
    listed = client_for(agent).get(f"/api/v1/products?category_id={phone.category_id}").json()

    assert created.status_code == 201
    assert created.json() == again.json()
    assert created.json()["category"]["return_days"] == 7
    assert sorted(created.json()["related_ids"]) == sorted([phone.pk, case.pk])
    assert [p["sku"] for p in listed["items"]] == ["BAT-2", "CASE-01", "PHONE-X1"]
    assert Product.objects.count() == 3
    assert AuditEntry.objects.filter(action="product.created").count() == 1


@pytest.mark.req("O-01")
def test_an_agent_cannot_add_products_and_a_taken_sku_is_409(agent, supervisor, phone):
    body = {"sku": "PHONE-X1", "name": "x", "category_id": phone.category_id, "price_fen": 1}

    forbidden = client_for(agent).post("/api/v1/products", body, content_type=JSON)
    taken = client_for(supervisor).post("/api/v1/products", body, content_type=JSON)
    bad = client_for(supervisor).post(
        "/api/v1/products", {**body, "sku": "有空格 SKU"}, content_type=JSON
    )

    assert (forbidden.status_code, taken.status_code, bad.status_code) == (403, 409, 422)
    assert Product.objects.count() == 1


@pytest.mark.req("O-01")
def test_a_product_update_changes_its_warranty(supervisor, phone):
    response = client_for(supervisor).patch(
        f"/api/v1/products/{phone.pk}", {"warranty_months": 24}, content_type=JSON
    )

    assert response.json()["warranty_months"] == 24
    assert AuditEntry.objects.get(action="product.updated").data == {"fields": ["warranty_months"]}


@pytest.mark.req("O-02")
def test_an_agent_records_an_order_for_their_customer(agent, customer, phone):
    body = {
        "number": "DD5001",
        "customer_id": customer.pk,
        "purchased_at": "2026-01-10T10:00:00+08:00",
        "items": [{"sku": "PHONE-X1", "quantity": 2}],
        "channel": "app",
    }

    created = client_for(agent).post(
        "/api/v1/orders", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="o-1"
    )
    again = client_for(agent).post(
        "/api/v1/orders", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="o-1"
    )

    assert created.status_code == 201
    assert created.json() == again.json()
    order = created.json()
    assert (order["amount_fen"], order["channel"], order["delivery_status"]) == (
        599800,
        "app",
        "pending",
    )
    assert [(i["sku"], i["quantity"], i["unit_price_fen"]) for i in order["items"]] == [
        ("PHONE-X1", 2, 299900)
    ]
    event = Event.objects.get(name="order.created")
    assert (event.customer_id, event.payload["number"]) == (customer.pk, "DD5001")
    assert Order.objects.count() == 1


@pytest.mark.req("O-02")
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"items": [{"sku": "NOPE", "quantity": 1}]}, "items"),
        ({"purchased_at": "2026-02-01T10:00:00+08:00"}, "purchased_at"),
        ({"delivery_status": "delivered"}, "delivered_on"),
        ({"delivered_on": "2026-01-11"}, "delivered_on"),
        ({"number": "DD 5001"}, "number"),
        ({"channel": "tiktok"}, "channel"),
        ({"items": []}, "items"),
    ],
)
def test_bad_orders_are_4xx_and_write_nothing(agent, customer, phone, change, field):
    body = {
        "number": "DD5001",
        "customer_id": customer.pk,
        "purchased_at": "2026-01-10T10:00:00+08:00",
        "items": [{"sku": "PHONE-X1"}],
        **change,
    }

    response = client_for(agent).post("/api/v1/orders", body, content_type=JSON)

    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert Order.objects.count() == 0
    assert Event.objects.count() == 0


@pytest.mark.req("O-02", "P-01")
def test_orders_follow_their_customers_visibility(agent, other_team_agent, customer, phone):
    OrderFactory(customer=customer, number="DD6001", items=[phone])

    mine = client_for(agent).get("/api/v1/orders").json()
    theirs = client_for(other_team_agent).get("/api/v1/orders").json()
    detail = client_for(other_team_agent).get("/api/v1/orders/DD6001")
    create = client_for(other_team_agent).post(
        "/api/v1/orders",
        {
            "number": "DD6002",
            "customer_id": customer.pk,
            "purchased_at": "2026-01-10T10:00:00+08:00",
            "items": [{"sku": "PHONE-X1"}],
        },
        content_type=JSON,
    )

    assert [o["number"] for o in mine["items"]] == ["DD6001"]
    assert theirs["items"] == []
    assert (detail.status_code, create.status_code) == (404, 404)
    assert Order.objects.count() == 1


@pytest.mark.req("O-02")
def test_marking_an_order_delivered_records_the_day_and_an_event(agent, customer, phone):
    OrderFactory(customer=customer, number="DD7001", items=[phone])

    response = client_for(agent).patch(
        "/api/v1/orders/DD7001",
        {"delivery_status": "delivered", "tracking_number": "SF99"},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert (response.json()["delivered_on"], response.json()["tracking_number"]) == (
        "2026-01-20",
        "SF99",
    )
    assert Event.objects.get(name="order.delivered").customer_id == customer.pk


@pytest.mark.req("O-03")
def test_the_verdict_endpoint_answers_for_a_date(agent, customer, phone):
    order = OrderFactory(
        customer=customer, number="DD8001", items=[phone], delivered_on=date(2026, 1, 10)
    )
    item = order.items.get()
    url = f"/api/v1/orders/DD8001/items/{item.pk}/verdict"

    inside = client_for(agent).get(f"{url}?on=2026-01-17").json()
    outside = client_for(agent).get(f"{url}?on=2026-01-18").json()
    today = client_for(agent).get(url).json()
    bad = client_for(agent).get(f"{url}?on=2026-13-01")
    missing = client_for(agent).get(f"/api/v1/orders/DD8001/items/{item.pk + 99}/verdict")

    assert inside == {
        "kind": "return",
        "label": "无理由退货",
        "summary": "无理由退货，截至 2026-01-17",
        "on": "2026-01-17",
        "basis": "2026-01-10",
        "basis_kind": "delivered",
        "return_until": "2026-01-17",
        "exchange_until": "2026-01-25",
        "warranty_until": "2027-01-10",
    }
    assert outside["kind"] == "exchange"
    assert (today["on"], today["kind"]) == ("2026-01-20", "exchange")
    assert (bad.status_code, missing.status_code) == (422, 404)


@pytest.mark.req("O-02")
def test_the_import_endpoint_takes_a_multipart_csv_and_answers_the_report(supervisor, agent, phone):
    content = (
        "订单号,客户姓名,手机,商品SKU,数量,单价(元),下单时间\n"
        "DD9001,王芳,13812345678,PHONE-X1,1,2999,2026-01-05 14:30\n"
        "DD9002,李强,123,PHONE-X1,1,2999,2026-01-05 14:30\n"
    ).encode()
    upload = io.BytesIO(content)
    upload.name = "订单.csv"

    response = client_for(supervisor).post("/api/v1/orders/import", {"file": upload})
    refused = client_for(agent).post("/api/v1/orders/import", {"file": io.BytesIO(content)})

    body = response.json()
    assert response.status_code == 200
    assert (body["filename"], body["rows"], body["rows_imported"], body["orders_created"]) == (
        "订单.csv",
        2,
        1,
        1,
    )
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(3, "手机")]
    assert refused.status_code == 403
