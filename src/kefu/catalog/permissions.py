"""Who may see and change products and orders (O-01, O-02): orders follow their customer."""

from __future__ import annotations

from typing import Any

from kefu.catalog.models import Category, Order, OrderItem, Product
from kefu.core.models import User
from kefu.core.permissions import MANAGERS, STAFF, SUPERVISORS, register, register_scope
from kefu.customers.permissions import WRITERS, customer_q, sees_customer


def _order_customer(actor: User, order: Any) -> bool:
    return sees_customer(actor, order.customer)


register("product.view", roles=STAFF)
register("product.manage", roles=SUPERVISORS)
# The return and exchange windows are the shop's after-sales policy: managers set them.
register("category.manage", roles=MANAGERS)
register("order.view", roles=STAFF, check=_order_customer)
register("order.create", roles=WRITERS, check=sees_customer)  # checked against the customer
register("order.update", roles=WRITERS, check=_order_customer)
register("order.import", roles=SUPERVISORS)

register_scope(Product, lambda actor, qs: qs)
register_scope(Category, lambda actor, qs: qs)
register_scope(Order, lambda actor, qs: qs.filter(customer_q(actor, "customer__")))
register_scope(OrderItem, lambda actor, qs: qs.filter(customer_q(actor, "order__customer__")))
