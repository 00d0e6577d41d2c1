"""Every write of the catalog: products, categories and orders; and the policy verdict (O-*)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Category, DeliveryStatus, Order, OrderItem, Product
from kefu.catalog.policy import Verdict, VerdictKind, add_months, policy_verdict
from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.events import record_event
from kefu.core.models import Channel, User
from kefu.core.permissions import require
from kefu.customers.models import Customer

__all__ = ["Verdict", "VerdictKind", "add_months", "policy_verdict"]

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
MAX_FEN = 2**31 - 1
MAX_QUANTITY = 9999
MAX_MONTHS = 240
DELIVERED = (DeliveryStatus.DELIVERED, DeliveryStatus.RETURNED)
PRODUCT_FIELDS = (
    "sku",
    "name",
    "category_id",
    "price_fen",
    "warranty_months",
    "replacement_cycle_months",
    "selling_points",
    "active",
    "related_ids",
)


def _invalid(field_name: str, message: str) -> InvalidInput:
    return InvalidInput(f"invalid_{field_name}", message, {field_name: message})


# --- products and categories -----------------------------------------------------------------


def _check_product(values: dict[str, Any], *, exclude: int | None = None) -> None:
    sku = values.get("sku")
    if sku is not None and not CODE.match(sku):
        raise _invalid("sku", _("A SKU is 1 to 40 letters, digits, dots, dashes or underscores."))
    if sku and Product.objects.filter(sku=sku).exclude(pk=exclude).exists():
        raise Conflict("sku_taken", _("Another product has this SKU."), {"sku": sku})
    if "name" in values and not 0 < len(values["name"]) <= 120:
        raise _invalid("name", _("Enter a name of at most 120 characters."))
    if "category_id" in values and not Category.objects.filter(pk=values["category_id"]).exists():
        raise _invalid("category_id", _("No such category."))
    if not 0 <= values.get("price_fen", 0) <= MAX_FEN:
        raise _invalid("price_fen", _("The price is not valid."))
    if not 0 <= values.get("warranty_months", 0) <= MAX_MONTHS:
        raise _invalid("warranty_months", _("Warranty is 0 to 240 months."))
    cycle = values.get("replacement_cycle_months")
    if cycle is not None and not 1 <= cycle <= MAX_MONTHS:
        raise _invalid("replacement_cycle_months", _("A replacement cycle is 1 to 240 months."))


def _product_values(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[int] | None]:
    unknown = sorted(set(data) - set(PRODUCT_FIELDS))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be set: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    values = dict(data)
    related = values.pop("related_ids", None)
    for key in ("sku", "name"):
        if key in values:
            values[key] = str(values[key] or "").strip()
    return values, related


def _set_related(product: Product, related: list[int] | None) -> None:
    if related is None:
        return
    found = list(Product.objects.filter(pk__in=related).exclude(pk=product.pk))
    if len(found) != len(set(related) - {product.pk}):
        raise _invalid("related_ids", _("Some related products do not exist."))
    product.related.set(found)


@transaction.atomic
def create_product(*, actor: User | None, data: Mapping[str, Any]) -> Product:
    """Add a product with its price, warranty and replacement cycle. Implements O-01."""
    if actor is not None:
        require(actor, "product.manage")
    values, related = _product_values(data)
    for required in ("sku", "name", "category_id", "price_fen"):
        if values.get(required) in (None, ""):
            raise _invalid(required, _("This field is required."))
    _check_product(values)
    product = Product.objects.create(**values)
    _set_related(product, related)
    record_audit(actor=actor, action="product.created", subject=product, data={"sku": product.sku})
    return product


@transaction.atomic
def update_product(*, actor: User, product: Product, changes: Mapping[str, Any]) -> Product:
    """Change a product; new policy verdicts use its new warranty. Implements O-01."""
    require(actor, "product.manage")
    values, related = _product_values(changes)
    _check_product(values, exclude=product.pk)
    changed = sorted(f for f, v in values.items() if getattr(product, f) != v)
    for name in changed:
        setattr(product, name, values[name])
    product.save()
    _set_related(product, related)
    record_audit(
        actor=actor,
        action="product.updated",
        subject=product,
        data={"fields": changed + (["related_ids"] if related is not None else [])},
    )
    return product


@transaction.atomic
def save_category(*, actor: User, category: Category) -> Category:
    """Create or change a category and its return/exchange windows (days). Implements O-03."""
    require(actor, "category.manage")
    if not category.name.strip():
        raise _invalid("name", _("This field is required."))
    if category.return_days > category.exchange_days:
        raise _invalid(
            "exchange_days", _("The exchange window cannot be shorter than the return window.")
        )
    creating = category.pk is None
    category.save()
    record_audit(
        actor=actor,
        action="category.created" if creating else "category.updated",
        subject=category,
        data={"return_days": category.return_days, "exchange_days": category.exchange_days},
    )
    return category


# --- orders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    product: Product
    quantity: int
    unit_price_fen: int


@dataclass
class OrderData:
    """An order as a client, a page or an import row group states it."""

    number: str
    purchased_at: datetime
    items: Sequence[ItemData]
    channel: str = Channel.WEB
    delivery_status: str = DeliveryStatus.PENDING
    tracking_number: str = ""
    delivered_on: date | None = None


def check_order(data: OrderData) -> None:
    """Refuse an order that cannot be true; the first problem is reported with its field."""
    if not CODE.match(data.number or ""):
        raise _invalid("number", _("An order number is 1 to 40 letters, digits or dashes."))
    if timezone.is_naive(data.purchased_at) or data.purchased_at > timezone.now():
        raise _invalid("purchased_at", _("The purchase time must be a past time."))
    if data.channel not in Channel.values:
        raise _invalid("channel", _("Unknown channel."))
    _check_delivery(data.delivery_status, data.delivered_on, data.purchased_at)
    if len(data.tracking_number) > 40:
        raise _invalid("tracking_number", _("A tracking number is at most 40 characters."))
    if not data.items:
        raise _invalid("items", _("An order has at least one item."))
    for item in data.items:
        if not 1 <= item.quantity <= MAX_QUANTITY:
            raise _invalid("quantity", _("The quantity must be between 1 and 9999."))
        if not 0 <= item.unit_price_fen <= MAX_FEN:
            raise _invalid("unit_price_fen", _("The unit price is not valid."))


def _check_delivery(status: str, delivered_on: date | None, purchased_at: datetime) -> None:
    if status not in DeliveryStatus.values:
        raise _invalid("delivery_status", _("Unknown delivery status."))
    if status in DELIVERED and delivered_on is None:
        raise _invalid("delivered_on", _("A delivered order needs its delivery date."))
    if status not in DELIVERED and delivered_on is not None:
        raise _invalid("delivered_on", _("Only a delivered order has a delivery date."))
    if delivered_on is not None and not (
        timezone.localtime(purchased_at).date() <= delivered_on <= timezone.localdate()
    ):
        raise _invalid(
            "delivered_on", _("The delivery date must be between the purchase day and today.")
        )


def _record_order_events(order: Order, actor: User | None, *, created: bool, was: str) -> None:
    about = {"number": order.number, "order_id": order.pk}
    if created:
        record_event(
            "order.created",
            subject=order,
            actor=actor,
            customer_id=order.customer_id,
            payload={**about, "amount_fen": order.amount_fen, "channel": order.channel},
        )
    if order.delivery_status == DeliveryStatus.DELIVERED and was != DeliveryStatus.DELIVERED:
        record_event(
            "order.delivered",
            subject=order,
            actor=actor,
            customer_id=order.customer_id,
            payload={
                **about,
                "delivered_on": order.delivered_on.isoformat()  # type: ignore[union-attr]
                if order.delivered_on
                else None,
            },
        )


@transaction.atomic
def create_order(*, actor: User | None, customer: Customer, data: OrderData) -> Order:
    """Record an order with its items; the amount is the sum of the items. Implements O-02."""
    if actor is not None:
        require(actor, "order.create", customer)
    check_order(data)
    existing = Order.objects.filter(number=data.number).values_list("pk", flat=True).first()
    if existing is not None:
        raise Conflict(
            "order_exists",
            _("An order with this number already exists."),
            {"number": data.number, "existing_order_id": str(existing)},
        )
    order, _outcome = _write_order(actor, customer, data, None)
    record_audit(actor=actor, action="order.created", subject=order, data={"number": order.number})
    return order


def _write_order(
    actor: User | None, customer: Customer, data: OrderData, order: Order | None
) -> tuple[Order, str]:
    """Insert or update the order and its items (by product): created, updated or unchanged."""
    fields = {
        "channel": data.channel,
        "purchased_at": data.purchased_at,
        "delivery_status": data.delivery_status,
        "tracking_number": data.tracking_number,
        "delivered_on": data.delivered_on,
    }
    was = order.delivery_status if order is not None else ""
    if order is None:
        order = Order.objects.create(number=data.number, customer=customer, amount_fen=0, **fields)
        changed = True
    else:
        changed = any(getattr(order, k) != v for k, v in fields.items())
        for key, value in fields.items():
            setattr(order, key, value)
    items = {i.product_id: i for i in order.items.all()}
    for item in data.items:
        row = items.get(item.product.pk)
        if row is None:
            items[item.product.pk] = OrderItem.objects.create(
                order=order,
                product=item.product,
                quantity=item.quantity,
                unit_price_fen=item.unit_price_fen,
            )
            changed = True
        elif (row.quantity, row.unit_price_fen) != (item.quantity, item.unit_price_fen):
            row.quantity, row.unit_price_fen = item.quantity, item.unit_price_fen
            row.save(update_fields=["quantity", "unit_price_fen"])
            changed = True
    order.amount_fen = sum(i.quantity * i.unit_price_fen for i in items.values())
    if changed:
        order.save()
    _record_order_events(order, actor, created=not was, was=was)
    return order, "created" if not was else ("updated" if changed else "unchanged")


def save_imported_order(
    *, actor: User | None, customer: Customer, data: OrderData
) -> tuple[Order, str]:
    """Create the order, or update it and its items when the number exists (re-import).

    Items are matched by product: a re-imported row updates quantity and price, never
    duplicates. An order number that belongs to another customer is refused.
    Implements O-02 (import).
    """
    check_order(data)
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(number=data.number).first()
        if order is not None and order.customer_id != customer.pk:
            raise Conflict(
                "order_other_customer",
                _("This order number belongs to another customer."),
                {"number": data.number},
            )
        return _write_order(actor, customer, data, order)


ORDER_FIELDS = ("delivery_status", "tracking_number", "delivered_on", "channel")


@transaction.atomic
def update_order(*, actor: User, order: Order, changes: Mapping[str, Any]) -> Order:
    """Change delivery status, tracking number, delivery date or channel of an order.

    Marking it delivered without a date records today; going back to pending or shipped
    clears the date. Implements O-02.
    """
    require(actor, "order.update", order)
    unknown = sorted(set(changes) - set(ORDER_FIELDS))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be set: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    values = dict(changes)
    status = values.get("delivery_status", order.delivery_status)
    if status in DELIVERED and values.get("delivered_on", order.delivered_on) is None:
        values["delivered_on"] = timezone.localdate()
    if status not in DELIVERED:
        values["delivered_on"] = None
    was = order.delivery_status
    changed = sorted(f for f, v in values.items() if getattr(order, f) != v)
    data = OrderData(
        number=order.number,
        purchased_at=order.purchased_at,
        items=[],
        **{f: values.get(f, getattr(order, f)) for f in ORDER_FIELDS},
    )
    _check_delivery(data.delivery_status, data.delivered_on, data.purchased_at)
    if data.channel not in Channel.values or len(data.tracking_number or "") > 40:
        raise _invalid(
            "channel" if data.channel not in Channel.values else "tracking_number",
            _("Some fields are not valid."),
        )
    for name in changed:
        setattr(order, name, values[name])
    order.save()
    record_audit(actor=actor, action="order.updated", subject=order, data={"fields": changed})
    _record_order_events(order, actor, created=False, was=was)
    return order
