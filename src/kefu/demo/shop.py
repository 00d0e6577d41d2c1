"""The demo shop's customers, products and orders, made through the services (C-01, O-01/02)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from kefu.catalog.models import Category, DeliveryStatus, Order, Product
from kefu.catalog.services import ItemData, OrderData, create_order, create_product, save_category
from kefu.core.errors import DomainError
from kefu.core.models import Channel, Role, User
from kefu.customers.models import Customer, Gender, MemberLevel
from kefu.customers.services import create_customer
from kefu.demo.data import (
    CATEGORIES,
    GIVEN_NAMES,
    MOBILE_PREFIXES,
    PLACES,
    PRODUCTS,
    RELATED,
    SURNAMES,
)

CUSTOMERS = 220
ORDERS = 540
ORDER_DAYS = 240  # orders fall over the last eight months
LEVELS = (
    (MemberLevel.NONE, 45),
    (MemberLevel.REGULAR, 30),
    (MemberLevel.SILVER, 14),
    (MemberLevel.GOLD, 8),
    (MemberLevel.DIAMOND, 3),
)
SOURCES = (
    (Channel.WECHAT, 35),
    (Channel.WEB, 25),
    (Channel.APP, 20),
    (Channel.STORE, 12),
    (Channel.PHONE, 8),
)


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def create_products(manager: User) -> list[Product]:
    """The categories with their return/exchange windows, then the product range."""
    categories = {}
    for name, return_days, exchange_days in CATEGORIES:
        row = Category.objects.filter(name=name).first() or Category(name=name)
        row.return_days, row.exchange_days = return_days, exchange_days
        categories[name] = save_category(actor=manager, category=row)
    products = {}
    for sku, name, category, yuan, warranty, cycle, points in PRODUCTS:
        data = {
            "sku": sku,
            "name": name,
            "category_id": categories[category].pk,
            "price_fen": yuan * 100,
            "warranty_months": warranty,
            "replacement_cycle_months": cycle,
            "selling_points": points.replace("；", "\n"),
        }
        products[sku] = create_product(actor=None, data=data)
    for sku, related in RELATED.items():
        products[sku].related.set([products[r] for r in related])
    return list(products.values())


def _phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if number not in taken:
            taken.add(number)
            return number


def create_customers(rng: random.Random) -> list[Customer]:
    """Customers across China: names, region, +86 mobiles, member levels, a consent mix;
    each belongs to an agent of one of the two after-sales teams."""
    agents = list(User.objects.filter(role=Role.AGENT, team__isnull=False).order_by("pk"))
    taken: set[str] = set()
    rows = []
    for n in range(CUSTOMERS):
        owner = agents[n % len(agents)]
        province, city = rng.choice(PLACES)
        level = weighted(rng, LEVELS)
        data = {
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
            "gender": rng.choice([Gender.MALE, Gender.FEMALE, Gender.FEMALE, Gender.UNKNOWN]),
            "birthday": date(rng.randint(1955, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            "province": province,
            "city": city,
            "phone": _phone(rng, taken),
            "email": f"kehu{n + 1:03d}@example.cn" if rng.random() < 0.35 else "",
            "member_level": level,
            "marketing_consent": rng.random() < (0.8 if level != MemberLevel.NONE else 0.35),
            "source_channel": weighted(rng, SOURCES),
            "owner_id": owner.pk,
            "team_id": owner.team_id,
        }
        if data["member_level"] in (MemberLevel.GOLD, MemberLevel.DIAMOND):
            data["tags"] = ["高价值"]
        rows.append(create_customer(actor=None, data=data))
    return rows


def _delivery(rng: random.Random, bought: datetime, today: date) -> tuple[str, date | None]:
    age = (today - timezone.localtime(bought).date()).days
    if age <= 1:
        return rng.choice([DeliveryStatus.PENDING, DeliveryStatus.SHIPPED]), None
    if age <= 4 and rng.random() < 0.6:
        return DeliveryStatus.SHIPPED, None
    on = min(timezone.localtime(bought).date() + timedelta(days=rng.randint(1, 4)), today)
    return (DeliveryStatus.RETURNED if rng.random() < 0.03 else DeliveryStatus.DELIVERED), on


def _age_in_days(rng: random.Random, n: int) -> float:
    """Most orders in the last months; every fifth within a month (return and exchange
    windows still open); one in ten over a year ago (warranties running out)."""
    if n % 10 == 3:
        return rng.uniform(365, 480)
    if n % 5 == 0:
        return rng.uniform(1, 30)
    return rng.uniform(0.2, ORDER_DAYS)


def create_orders(rng: random.Random, customers: list[Customer], products: list[Product]) -> int:
    """Orders over the last months with items and their delivery state; the newest ones are
    still on their way."""
    now = timezone.now()
    today = timezone.localdate()
    phones = [p for p in products if p.category.name in ("手机", "平板电脑", "智能手表")]
    made = 0
    for n in range(ORDERS):
        customer = customers[(n * 7 + rng.randrange(len(customers))) % len(customers)]
        bought = now - timedelta(days=_age_in_days(rng, n))
        main = rng.choice(phones if rng.random() < 0.5 else products)
        items = [main, *rng.sample([p for p in products if p != main], rng.choice([0, 0, 0, 1, 2]))]
        status, delivered_on = _delivery(rng, bought, today)
        data = OrderData(
            number=f"DD{timezone.localtime(bought):%Y%m%d}{n + 1:04d}",
            purchased_at=bought,
            items=[ItemData(p, rng.choice([1, 1, 1, 2]), p.price_fen) for p in items],
            channel=rng.choice([Channel.WEB, Channel.APP, Channel.WECHAT, Channel.STORE]),
            delivery_status=status,
            tracking_number=f"SF{rng.randrange(10**12):012d}" if status != "pending" else "",
            delivered_on=delivered_on,
        )
        try:
            create_order(actor=None, customer=customer, data=data)
        except DomainError:
            continue
        made += 1
    return made


def orders_by_customer() -> dict[int, list[Order]]:
    found: dict[int, list[Order]] = {}
    rows = Order.objects.prefetch_related("items__product__category").order_by("purchased_at")
    for order in rows:
        found.setdefault(order.customer_id, []).append(order)
    return found
