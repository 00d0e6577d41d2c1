"""API schemas of the catalog: products, orders with items, policy verdicts. Money in fen."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import AwareDatetime


class CategoryOut(Schema):
    id: int
    name: str
    return_days: int
    exchange_days: int


class ProductIn(Schema):
    sku: str = Field(..., max_length=40)
    name: str = Field(..., max_length=120)
    category_id: int
    price_fen: int = Field(..., ge=0)
    warranty_months: int = Field(12, ge=0, le=240)
    replacement_cycle_months: int | None = Field(None, ge=1, le=240)
    selling_points: str = ""
    active: bool = True
    related_ids: list[int] = []


class ProductPatch(Schema):
    sku: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=120)
    category_id: int | None = None
    price_fen: int | None = Field(None, ge=0)
    warranty_months: int | None = Field(None, ge=0, le=240)
    replacement_cycle_months: int | None = Field(None, ge=1, le=240)
    selling_points: str | None = None
    active: bool | None = None
    related_ids: list[int] | None = None


class ProductOut(Schema):
    id: int
    sku: str
    name: str
    category: CategoryOut
    price_fen: int
    warranty_months: int
    replacement_cycle_months: int | None
    selling_points: str
    active: bool
    related_ids: list[int]


class ProductFilter(Schema):
    category_id: int | None = None
    active: bool | None = None
    limit: int = 50
    offset: int = 0


class ItemIn(Schema):
    sku: str
    quantity: int = Field(1, ge=1, le=9999)
    unit_price_fen: int | None = Field(None, ge=0, description="Default: the product's price")


class OrderIn(Schema):
    number: str = Field(..., max_length=40)
    customer_id: int
    channel: str = "web"
    purchased_at: AwareDatetime
    delivery_status: str = "pending"
    tracking_number: str = Field("", max_length=40)
    delivered_on: date | None = None
    items: list[ItemIn] = Field(..., min_length=1, max_length=200)


class OrderPatch(Schema):
    delivery_status: str | None = None
    tracking_number: str | None = Field(None, max_length=40)
    delivered_on: date | None = None
    channel: str | None = None


class ItemOut(Schema):
    id: int
    sku: str
    product_id: int
    name: str
    quantity: int
    unit_price_fen: int


class OrderOut(Schema):
    id: int
    number: str
    customer_id: int
    channel: str
    amount_fen: int
    purchased_at: datetime
    delivery_status: str
    tracking_number: str
    delivered_on: date | None
    items: list[ItemOut]


class OrderFilter(Schema):
    customer_id: int | None = None
    limit: int = 50
    offset: int = 0


class VerdictOut(Schema):
    kind: str
    label: str
    summary: str
    on: date
    basis: date
    basis_kind: str
    return_until: date | None
    exchange_until: date | None
    warranty_until: date


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportReportOut(Schema):
    filename: str
    rows: int
    rows_imported: int
    rows_failed: int
    orders_created: int
    orders_updated: int
    orders_unchanged: int
    customers_created: int
    errors: list[RowErrorOut]
