"""Who a care rule reaches today, and for which period (so nobody gets it twice).

每月发送产品使用技巧; 生日优惠券; 新品上市，老客户可以提前3天购买 (000 §三(六) 留存策略);
节庆温暖问候, 新品上架预告 (002 关怀带来回头客); 推荐关联产品, 提醒更换周期 (000 §三(六) 复购
促进); 定期友情提醒客户做保养 (004 §三). Holidays come from the sla business calendar.
Implements R-01, R-02.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kefu.catalog.models import DeliveryStatus, OrderItem, Product
from kefu.catalog.policy import add_months
from kefu.customers.models import Customer, MemberLevel
from kefu.retention.audience import audience_customers
from kefu.retention.models import CareKind, CareRule
from kefu.sla.models import CalendarDay


@dataclass(frozen=True)
class Reach:
    """One customer a rule reaches, the period it counts for, and what the message says."""

    customer_id: int
    period: str
    context: dict[str, Any] = field(default_factory=dict)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _ids(qs: QuerySet[Customer]) -> list[int]:
    return list(qs.order_by("pk").values_list("pk", flat=True))


def usage_tip(rule: CareRule, today: date, people: QuerySet[Customer]) -> Iterator[Reach]:
    if today.day < rule.day_of_month:
        return
    for pk in _ids(people):
        yield Reach(pk, f"{today:%Y-%m}")


def birthday(rule: CareRule, today: date, people: QuerySet[Customer]) -> Iterator[Reach]:
    days = [today + timedelta(days=n) for n in range(rule.lead_days + 1)]
    match = reduce(or_, (Q(birthday__month=d.month, birthday__day=d.day) for d in days))
    for pk, born in people.filter(match).order_by("pk").values_list("pk", "birthday"):
        coming = next(d for d in days if (d.month, d.day) == (born.month, born.day))
        yield Reach(pk, str(coming.year), {"date": coming.isoformat()})


def holiday_starts(first: date, last: date) -> list[tuple[date, str]]:
    """The first days of the public holidays starting between ``first`` and ``last``."""
    rows = CalendarDay.objects.filter(
        kind=CalendarDay.Kind.HOLIDAY, day__gte=first - timedelta(days=1), day__lte=last
    ).values_list("day", "name")
    days = dict(rows)
    return [
        (day, name)
        for day, name in sorted(days.items())
        if day >= first and days.get(day - timedelta(days=1)) != name
    ]


def holiday(rule: CareRule, today: date, people: QuerySet[Customer]) -> Iterator[Reach]:
    starts = holiday_starts(today, today + timedelta(days=rule.lead_days))
    if not starts:
        return
    day, name = starts[0]
    for pk in _ids(people):
        yield Reach(pk, day.isoformat(), {"holiday": name, "date": day.isoformat()})


def product_preview(rule: CareRule, today: date, people: QuerySet[Customer]) -> Iterator[Reach]:
    if rule.product is None:
        return
    if rule.kind == CareKind.EARLY_ACCESS:
        people = people.exclude(member_level=MemberLevel.NONE)
    for pk in _ids(people):
        yield Reach(pk, f"product-{rule.product_id}", {"product": rule.product.name})


def _items_due(
    months_of: Callable[[OrderItem], int | None],
    months: list[int],
    today: date,
    lead_days: int,
    people: QuerySet[Customer],
) -> Iterator[Reach]:
    """Order items whose ``months`` after purchase fall within the next ``lead_days`` days."""
    last = today + timedelta(days=lead_days)
    for n in sorted(set(months)):
        items = OrderItem.objects.filter(
            order__purchased_at__gte=_day_start(add_months(today, -n)),
            order__purchased_at__lt=_day_start(add_months(last, -n) + timedelta(days=1)),
            order__customer__in=people,
        ).exclude(order__delivery_status=DeliveryStatus.RETURNED)
        for item in items.select_related("product", "order").order_by("pk"):
            if months_of(item) != n:
                continue
            yield Reach(
                item.order.customer_id,
                f"item-{item.pk}",
                {"product": item.product.name, "months": n},
            )


def maintenance(rule: CareRule, today: date, people: QuerySet[Customer]) -> Iterator[Reach]:
    if rule.months:
        yield from _items_due(
            lambda _item: rule.months, [rule.months], today, rule.lead_days, people
        )


def replacement(rule: CareRule, today: date, people: QuerySet[Customer]) -> Iterator[Reach]:
    cycles = Product.objects.filter(replacement_cycle_months__isnull=False).values_list(
        "replacement_cycle_months", flat=True
    )
    yield from _items_due(
        lambda item: item.product.replacement_cycle_months,
        list(cycles),
        today,
        rule.lead_days,
        people,
    )


def related(rule: CareRule, today: date, people: QuerySet[Customer]) -> Iterator[Reach]:
    """Orders delivered in the last ``lead_days`` days whose products have related ones on
    sale that the order does not already hold (您买了我们的手机，要不要再买一个手机壳？)."""
    items = (
        OrderItem.objects.filter(
            order__delivery_status=DeliveryStatus.DELIVERED,
            order__delivered_on__gte=today - timedelta(days=rule.lead_days),
            order__delivered_on__lte=today,
            order__customer__in=people,
        )
        .select_related("order")
        .prefetch_related("product__related")
        .order_by("order_id", "pk")
    )
    orders: dict[int, tuple[int, set[int], dict[int, str]]] = {}
    for item in items:
        _customer, bought, offers = orders.setdefault(
            item.order_id, (item.order.customer_id, set(), {})
        )
        bought.add(item.product_id)
        for other in sorted(item.product.related.all(), key=lambda p: p.pk):
            if other.active:
                offers.setdefault(other.pk, other.name)
    for order_id, (customer_id, bought, offers) in orders.items():
        names = [name for pk, name in offers.items() if pk not in bought]
        if names:
            yield Reach(customer_id, f"order-{order_id}", {"related": "、".join(names)})


KINDS: dict[str, Callable[[CareRule, date, QuerySet[Customer]], Iterator[Reach]]] = {
    CareKind.USAGE_TIP: usage_tip,
    CareKind.BIRTHDAY: birthday,
    CareKind.HOLIDAY: holiday,
    CareKind.NEW_PRODUCT: product_preview,
    CareKind.EARLY_ACCESS: product_preview,
    CareKind.MAINTENANCE: maintenance,
    CareKind.REPLACEMENT: replacement,
    CareKind.RELATED: related,
}


def reaches(rule: CareRule, today: date) -> list[Reach]:
    """Everyone ``rule`` reaches on ``today`` (local date): consenting customers only."""
    return list(KINDS[rule.kind](rule, today, audience_customers(rule.audience)))
