"""Shared reads of the catalog, scoped to what the actor may see (O-01, O-02, O-03)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kefu.catalog.models import Order, OrderItem, Product
from kefu.catalog.policy import Verdict, policy_verdict
from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import require, visible_to
from kefu.customers.models import Customer

ITEMS = Prefetch("items", queryset=OrderItem.objects.select_related("product__category"))


def product_list(
    actor: User, *, category_id: int | None = None, active: bool | None = None
) -> QuerySet[Product]:
    require(actor, "product.view")
    qs = visible_to(actor, Product.objects.select_related("category"))
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("sku")


def product(actor: User, product_id: int) -> Product:
    row = product_list(actor).filter(pk=product_id).first()
    if row is None:
        raise NotFound("product_not_found", _("No such product."))
    return row


def order_list(actor: User, *, customer_id: int | None = None) -> QuerySet[Order]:
    """Orders of customers the actor may see, newest purchase first."""
    qs = visible_to(actor, Order.objects.all())
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    return qs.prefetch_related(ITEMS).order_by("-purchased_at", "-id")


def order(actor: User, number: str) -> Order:
    row = order_list(actor).select_related("customer").filter(number=number).first()
    if row is None:
        raise NotFound("order_not_found", _("No such order."))
    return row


def order_item(actor: User, number: str, item_id: int) -> OrderItem:
    found = order(actor, number)
    for item in found.items.all():
        if item.pk == item_id:
            return item
    raise NotFound("order_item_not_found", _("No such item in this order."))


def item_verdict(actor: User, number: str, item_id: int, on: date) -> Verdict:
    """The after-sales policy of one item on a date (O-03)."""
    return policy_verdict(order_item(actor, number, item_id), on)


def customer_orders(actor: User, customer: Customer, *, limit: int = 20) -> list[Order]:
    """The customer's latest orders with items, for the 360 page."""
    require(actor, "customer.view", customer)
    return list(order_list(actor, customer_id=customer.pk)[:limit])
