"""Products, orders, the order import and policy verdicts over the API (O-01, O-02, O-03)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from kefu.catalog import queries, services
from kefu.catalog.imports import import_orders
from kefu.catalog.models import Order, Product
from kefu.catalog.schemas import (
    ImportReportOut,
    OrderFilter,
    OrderIn,
    OrderOut,
    OrderPatch,
    ProductFilter,
    ProductIn,
    ProductOut,
    ProductPatch,
    VerdictOut,
)
from kefu.catalog.services import ItemData, OrderData
from kefu.core.errors import InvalidInput
from kefu.core.idempotency import idempotent_create
from kefu.core.pagination import Page, page
from kefu.customers.queries import customer as visible_customer

router = Router(tags=["products and orders"])


def product_out(row: Product) -> dict[str, Any]:
    data = {f: getattr(row, f) for f in ProductOut.model_fields if hasattr(row, f)}
    data["related_ids"] = sorted(p.pk for p in row.related.all())
    return data


def order_out(row: Order) -> dict[str, Any]:
    data = {f: getattr(row, f) for f in OrderOut.model_fields if f != "items"}
    data["items"] = [
        {
            "id": i.pk,
            "sku": i.product.sku,
            "product_id": i.product_id,
            "name": i.product.name,
            "quantity": i.quantity,
            "unit_price_fen": i.unit_price_fen,
        }
        for i in row.items.all()
    ]
    return data


@router.get("/products", response=Page[ProductOut])
def list_products(request: HttpRequest, filters: Query[ProductFilter]) -> dict[str, Any]:
    qs = queries.product_list(
        request.user,
        category_id=filters.category_id,  # type: ignore[arg-type]
        active=filters.active,
    ).prefetch_related("related")
    result = page(qs, limit=filters.limit, offset=filters.offset)
    result["items"] = [product_out(row) for row in result["items"]]
    return result


@router.post("/products", response={201: ProductOut})
def create_product(request: HttpRequest, body: ProductIn) -> Status[Any]:
    """Add a product (send `Idempotency-Key` to make retries safe)."""
    return idempotent_create(
        request,
        lambda: product_out(services.create_product(actor=request.user, data=body.dict())),  # type: ignore[arg-type]
        ProductOut,
    )


@router.get("/products/{product_id}", response=ProductOut)
def product_detail(request: HttpRequest, product_id: int) -> dict[str, Any]:
    return product_out(queries.product(request.user, product_id))  # type: ignore[arg-type]


@router.patch("/products/{product_id}", response=ProductOut)
def update_product(request: HttpRequest, product_id: int, body: ProductPatch) -> dict[str, Any]:
    return product_out(
        services.update_product(
            actor=request.user,  # type: ignore[arg-type]
            product=queries.product(request.user, product_id),  # type: ignore[arg-type]
            changes=body.dict(exclude_unset=True),
        )
    )


@router.get("/orders", response=Page[OrderOut])
def list_orders(request: HttpRequest, filters: Query[OrderFilter]) -> dict[str, Any]:
    qs = queries.order_list(request.user, customer_id=filters.customer_id)  # type: ignore[arg-type]
    result = page(qs, limit=filters.limit, offset=filters.offset)
    result["items"] = [order_out(row) for row in result["items"]]
    return result


def _order_data(body: OrderIn) -> OrderData:
    skus = {i.sku for i in body.items}
    products = {p.sku: p for p in Product.objects.filter(sku__in=skus)}
    missing = sorted(skus - set(products))
    if missing:
        raise InvalidInput(
            "unknown_sku",
            _("No product has these SKUs: %(s)s") % {"s": ", ".join(missing)},
            {"items": ", ".join(missing)},
        )
    items = [
        ItemData(
            products[i.sku],
            i.quantity,
            products[i.sku].price_fen if i.unit_price_fen is None else i.unit_price_fen,
        )
        for i in body.items
    ]
    return OrderData(
        number=body.number,
        purchased_at=body.purchased_at,
        items=items,
        channel=body.channel,
        delivery_status=body.delivery_status,
        tracking_number=body.tracking_number,
        delivered_on=body.delivered_on,
    )


@router.post("/orders", response={201: OrderOut})
def create_order(request: HttpRequest, body: OrderIn) -> Status[Any]:
    """Record an order with its items (send `Idempotency-Key` to make retries safe)."""

    def create() -> Any:
        customer = visible_customer(request.user, body.customer_id)  # type: ignore[arg-type]
        order = services.create_order(
            actor=request.user,
            customer=customer,  # type: ignore[arg-type]
            data=_order_data(body),
        )
        return order_out(queries.order(request.user, order.number))  # type: ignore[arg-type]

    return idempotent_create(request, create, OrderOut)


@router.post("/orders/import", response=ImportReportOut)
def import_order_file(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Import orders from a CSV or .xlsx file (multipart field `file`); answers the row report."""
    return import_orders(actor=request.user, file=file, filename=file.name or "")  # type: ignore[arg-type]


@router.get("/orders/{number}", response=OrderOut)
def order_detail(request: HttpRequest, number: str) -> Any:
    return order_out(queries.order(request.user, number))  # type: ignore[arg-type]


@router.patch("/orders/{number}", response=OrderOut)
def update_order(request: HttpRequest, number: str, body: OrderPatch) -> Any:
    """Change delivery status, tracking number, delivery date or channel."""
    services.update_order(
        actor=request.user,  # type: ignore[arg-type]
        order=queries.order(request.user, number),  # type: ignore[arg-type]
        changes=body.dict(exclude_unset=True),
    )
    return order_out(queries.order(request.user, number))  # type: ignore[arg-type]


@router.get("/orders/{number}/items/{item_id}/verdict", response=VerdictOut)
def item_verdict(request: HttpRequest, number: str, item_id: int, on: date | None = None) -> Any:
    """Return, exchange, free repair or paid repair for this item on `on` (default: today)."""
    verdict = queries.item_verdict(
        request.user,
        number,
        item_id,  # type: ignore[arg-type]
        on or timezone.localdate(),
    )
    return {**verdict.__dict__, "label": verdict.label, "summary": verdict.summary}
