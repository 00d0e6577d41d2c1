"""The after-sales policy of an order item on a date, at its exact boundaries (O-03)."""

from __future__ import annotations

from datetime import date

import pytest

from kefu.catalog.services import add_months, policy_verdict
from tests.catalog.factories import CategoryFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.req("O-03")


def item(delivered_on=None, *, return_days=7, exchange_days=15, warranty_months=12):
    category = CategoryFactory(
        name=f"品类{return_days}-{exchange_days}",
        return_days=return_days,
        exchange_days=exchange_days,
    )
    product = ProductFactory(category=category, warranty_months=warranty_months)
    return OrderFactory(items=[product], delivered_on=delivered_on).items.get()


@pytest.mark.parametrize(
    ("on", "kind"),
    [
        (date(2026, 1, 10), "return"),  # delivery day
        (date(2026, 1, 17), "return"),  # last day of 7 days (签收次日起算)
        (date(2026, 1, 18), "exchange"),  # next day
        (date(2026, 1, 25), "exchange"),  # last day of 15 days
        (date(2026, 1, 26), "free_repair"),
        (date(2027, 1, 10), "free_repair"),  # last day of 12 months
        (date(2027, 1, 11), "paid_repair"),
    ],
)
def test_each_window_ends_on_its_last_day(db, on, kind):
    verdict = policy_verdict(item(date(2026, 1, 10)), on)

    assert verdict.kind == kind
    assert (verdict.basis, verdict.basis_kind) == (date(2026, 1, 10), "delivered")
    assert (verdict.return_until, verdict.exchange_until, verdict.warranty_until) == (
        date(2026, 1, 17),
        date(2026, 1, 25),
        date(2027, 1, 10),
    )


def test_the_windows_come_from_the_category_and_product(db):
    verdict = policy_verdict(
        item(date(2026, 3, 1), return_days=30, exchange_days=30, warranty_months=24),
        date(2026, 3, 31),
    )

    assert verdict.kind == "return"
    assert verdict.warranty_until == date(2028, 3, 1)


def test_changing_the_category_changes_the_verdict(db):
    row = item(date(2026, 1, 10))
    category = row.product.category
    category.return_days = 3
    category.save()
    row.refresh_from_db()

    assert policy_verdict(row, date(2026, 1, 14)).kind == "exchange"


def test_an_undelivered_order_has_no_return_window_yet_and_warranty_from_purchase(db):
    # The factory's purchase time is 2026-01-01 10:00 in Shanghai.
    verdict = policy_verdict(item(None), date(2026, 1, 5))

    assert verdict.kind == "free_repair"
    assert (verdict.basis, verdict.basis_kind) == (date(2026, 1, 1), "purchased")
    assert (verdict.return_until, verdict.exchange_until) == (None, None)
    assert verdict.warranty_until == date(2027, 1, 1)
    assert policy_verdict(item(None), date(2027, 1, 2)).kind == "paid_repair"


def test_the_purchase_day_is_the_shanghai_day(db):
    row = item(None)
    order = row.order
    order.purchased_at = order.purchased_at.replace(hour=0, minute=30)  # 2025-12-31 16:30 UTC
    order.save()
    row.refresh_from_db()

    assert policy_verdict(row, date(2026, 1, 1)).basis == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_months_end_on_the_same_day_or_the_months_last_day(start, months, end):
    assert add_months(start, months) == end


def test_a_one_month_warranty_from_january_31_ends_february_28(db):
    row = item(date(2026, 1, 31), return_days=0, exchange_days=0, warranty_months=1)

    assert policy_verdict(row, date(2026, 2, 28)).kind == "free_repair"
    assert policy_verdict(row, date(2026, 3, 1)).kind == "paid_repair"


def test_labels_are_chinese_by_default_and_english_on_request(db):
    verdict = policy_verdict(item(date(2026, 1, 10)), date(2026, 1, 12))

    assert (verdict.label, verdict.summary) == ("无理由退货", "无理由退货，截至 2026-01-17")
    from django.utils import translation

    with translation.override("en"):
        assert verdict.summary == "No-reason return until 2026-01-17"
