"""Categories, products and orders with items for tests (prices in fen, times aware)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from kefu.catalog.models import Category, Order, OrderItem, Product
from tests.customers.factories import CustomerFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRODUCTS = ["智能手机 X1", "无线蓝牙耳机", "扫地机器人 S7", "空气净化器", "电动牙刷", "智能手表"]


class CategoryFactory(DjangoModelFactory):
    """A category with the common windows: 7-day no-reason return, 15-day exchange."""

    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Iterator(["手机数码", "小家电", "个护健康"])
    return_days = 7
    exchange_days = 15


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: PRODUCTS[n % len(PRODUCTS)])
    category = factory.SubFactory(CategoryFactory)
    price_fen = 199900
    warranty_months = 12


class OrderItemFactory(DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = None
    product = factory.SubFactory(ProductFactory)
    quantity = 1
    unit_price_fen = factory.LazyAttribute(lambda i: i.product.price_fen)


class OrderFactory(DjangoModelFactory):
    """An order with one item (``items=[product, ...]`` or ``items=0``); amount follows items.

    ``OrderFactory(delivered_on=date(2026, 1, 1))`` makes a delivered order.
    """

    class Meta:
        model = Order
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"DD2026{n:08d}")
    customer = factory.SubFactory(CustomerFactory)
    channel = "web"
    amount_fen = 0
    purchased_at = datetime(2026, 1, 1, 10, 0, tzinfo=SHANGHAI)
    delivery_status = factory.LazyAttribute(lambda o: "delivered" if o.delivered_on else "pending")
    delivered_on = None

    @factory.post_generation
    def items(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        products = [ProductFactory()] if extracted is None else list(extracted or [])  # type: ignore[call-overload]
        for product in products:
            OrderItemFactory(order=self, product=product, **kwargs)
        self.amount_fen = sum(i.quantity * i.unit_price_fen for i in self.items.all())
        self.save(update_fields=["amount_fen"])
