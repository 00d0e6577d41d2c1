"""Repurchase (R-02): replacement-cycle reminders and related products from catalog data."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kefu.core.events import pump
from kefu.notify.models import Message
from kefu.retention.models import Touch
from kefu.retention.services import run_care_rules
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.retention.conftest import WORKING, at
from tests.retention.factories import ConsentingCustomerFactory, RuleFactory

pytestmark = [pytest.mark.req("R-02"), pytest.mark.django_db]


def run(now=WORKING) -> int:
    with time_machine.travel(now, tick=False):
        queued = run_care_rules()
        pump()
    return queued


def first_lines() -> list[str]:
    return sorted(b.split("\n")[0] for b in Message.objects.values_list("body", flat=True))


def test_a_battery_is_due_after_two_years_and_a_filter_after_six_months():
    battery = ProductFactory(name="电动车电池", replacement_cycle_months=24)
    filter_ = ProductFactory(name="净水器滤芯", replacement_cycle_months=6)
    phone = ProductFactory(name="智能手机 X1", replacement_cycle_months=None)
    wang, li, zhang = (ConsentingCustomerFactory(name=n) for n in ("王伟", "李娜", "张敏"))
    OrderFactory(customer=wang, purchased_at=at(2024, 3, 11, 9), items=[battery])
    OrderFactory(customer=li, purchased_at=at(2025, 9, 12, 20), items=[filter_])
    OrderFactory(customer=zhang, purchased_at=at(2024, 3, 11, 9), items=[phone])
    OrderFactory(customer=zhang, purchased_at=at(2025, 9, 20, 9), items=[filter_])  # not yet
    RuleFactory(kind="replacement", lead_days=3, content="老客户换新9折")

    assert run() == 2
    assert sorted(Touch.objects.values_list("customer_id", "context")) == sorted(
        [
            (wang.pk, {"product": "电动车电池", "months": 24}),
            (li.pk, {"product": "净水器滤芯", "months": 6}),
        ]
    )
    assert first_lines() == [
        "李娜您好，您的净水器滤芯已经用了6个月，要不要换一个新的？老客户换新9折",
        "王伟您好，您的电动车电池已经用了24个月，要不要换一个新的？老客户换新9折",
    ]
    assert run(at(2026, 3, 12, 10)) == 0  # once per order item


def test_a_returned_order_gets_no_replacement_reminder():
    battery = ProductFactory(name="电动车电池", replacement_cycle_months=24)
    customer = ConsentingCustomerFactory()
    OrderFactory(
        customer=customer,
        purchased_at=at(2024, 3, 11, 9),
        items=[battery],
        delivered_on=date(2024, 3, 13),
        delivery_status="returned",
    )
    RuleFactory(kind="replacement")
    assert run() == 0


def test_related_products_follow_a_recent_delivery_once_per_order():
    case = ProductFactory(name="手机壳")
    film = ProductFactory(name="钢化膜")
    phone = ProductFactory(name="智能手机 X1")
    phone.related.add(case, film)
    lonely = ProductFactory(name="电动牙刷")
    buyer = ConsentingCustomerFactory(name="王伟")
    other = ConsentingCustomerFactory(name="李娜")
    order = OrderFactory(customer=buyer, items=[phone], delivered_on=date(2026, 3, 9))
    OrderFactory(customer=other, items=[lonely], delivered_on=date(2026, 3, 9))
    OrderFactory(customer=other, items=[phone], delivered_on=date(2026, 2, 20))  # too long ago
    RuleFactory(kind="related", lead_days=7, content="")

    assert run() == 1
    touch = Touch.objects.get()
    assert (touch.customer_id, touch.period, touch.context) == (
        buyer.pk,
        f"order-{order.pk}",
        {"related": "手机壳、钢化膜"},
    )
    assert first_lines() == ["王伟您好，感谢您的购买！搭配使用推荐：手机壳、钢化膜。"]
    assert run(at(2026, 3, 11, 10)) == 0


def test_related_products_already_in_the_order_or_off_sale_are_not_offered():
    case = ProductFactory(name="手机壳")
    film = ProductFactory(name="钢化膜", active=False)
    charger = ProductFactory(name="快充充电器")
    phone = ProductFactory(name="智能手机 X1")
    phone.related.add(case, film, charger)
    buyer = ConsentingCustomerFactory(name="王伟")
    OrderFactory(customer=buyer, items=[phone, case], delivered_on=date(2026, 3, 9))
    RuleFactory(kind="related", lead_days=7, content="")

    assert run() == 1
    assert Touch.objects.get().context == {"related": "快充充电器"}
