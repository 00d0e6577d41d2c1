"""Order import from CSV/Excel: re-runnable, per-row error report, good rows kept (O-02)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kefu.catalog import import_cells as cells
from kefu.catalog.models import DeliveryStatus, Product
from kefu.catalog.services import ItemData, OrderData, save_imported_order
from kefu.core.audit import record_audit
from kefu.core.errors import DomainError, InvalidInput
from kefu.core.models import Channel, User
from kefu.core.permissions import require
from kefu.customers.services import match_or_create_customer

# A service error's field → the file's column it came from.
FIELD_COLUMNS = {"number": "order_number", "name": "customer_name", "unit_price_fen": "unit_price"}


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the header as written in the file; "" when the whole row is concerned
    message: str


@dataclass
class ImportReport:
    filename: str
    rows: int = 0
    orders_created: int = 0
    orders_updated: int = 0
    orders_unchanged: int = 0
    customers_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows_failed(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def rows_imported(self) -> int:
        return self.rows - self.rows_failed


@dataclass
class Row:
    number: int
    values: dict[str, Any]


def max_bytes() -> int:
    return settings.KEFU_IMPORT_MAX_BYTES


def _read(file: IO[bytes], limit: int) -> bytes:
    content = file.read(limit + 1)
    if len(content) > limit:
        raise InvalidInput(
            "file_too_large",
            _("The file is larger than %(mb)s MB. Split it and import each part.")
            % {"mb": round(limit / 1024 / 1024, 1)},
            {"file": _("File too large.")},
        )
    return content


def import_orders(*, actor: User | None, file: IO[bytes], filename: str) -> ImportReport:
    """Create or update orders (and their customers) from a CSV or .xlsx file.

    One row is one order item; rows with the same order number make one order. Re-importing
    a file updates orders and items instead of duplicating them; customers are matched by
    phone, then email, and created when new. A bad row is reported (row, column, message)
    and changes nothing; the other rows are kept. ``actor`` None is the trusted command line.
    Implements O-02.
    """
    if actor is not None:
        require(actor, "order.import")
    rows = cells.rows_of(_read(file, max_bytes()), filename)
    header = next(rows, None)
    if header is None:
        raise InvalidInput("file_empty", _("The file is empty."), {"file": _("The file is empty.")})
    columns = cells.column_map(header)
    names = {key: cells.text(header[index]) for key, index in columns.items()}
    report = ImportReport(filename=filename)
    groups: dict[str, list[Row]] = {}
    for number, raw in enumerate(rows, start=2):
        if not any(cells.text(v) for v in raw):
            continue
        report.rows += 1
        row = _parse_row(number, raw, columns, names, report)
        if row is not None:
            groups.setdefault(row.values["order_number"], []).append(row)
    products = {
        p.sku: p
        for p in Product.objects.filter(
            sku__in={r.values["sku"] for g in groups.values() for r in g}
        )
    }
    for group in groups.values():
        _import_group(actor, group, products, names, report)
    record_audit(
        actor=actor,
        action="orders.imported",
        summary=filename[:100],
        data={
            "rows": report.rows,
            "failed": report.rows_failed,
            "created": report.orders_created,
            "updated": report.orders_updated,
            "customers_created": report.customers_created,
        },
    )
    return report


PARSERS: dict[str, Callable[[Any], Any]] = {
    "order_number": cells.text,
    "customer_name": cells.text,
    "phone": cells.text,
    "email": cells.text,
    "sku": cells.text,
    "quantity": cells.quantity,
    "unit_price": cells.price_fen,
    "purchased_at": cells.purchase_time,
    "tracking_number": cells.text,
    "delivered_on": cells.day,
}


def _parse_row(
    number: int,
    raw: list[Any],
    columns: dict[str, int],
    names: dict[str, str],
    report: ImportReport,
) -> Row | None:
    values: dict[str, Any] = {}
    errors = []
    for key, index in columns.items():
        cell = raw[index] if index < len(raw) else None
        try:
            values[key] = _cell(key, cell)
        except cells.CellError as exc:
            errors.append(RowError(number, names[key], str(exc)))
    for key in ("order_number", "customer_name", "sku"):
        if key in values and not values[key]:
            errors.append(RowError(number, names[key], _("This cell must not be empty.")))
    if not errors and not values.get("phone") and not values.get("email"):
        column = names.get("phone") or names.get("email", "")
        errors.append(RowError(number, column, _("Give the customer's phone or email.")))
    if not values.get("delivery_status"):  # no column, or left empty: a signed date says it all
        values["delivery_status"] = (
            DeliveryStatus.DELIVERED if values.get("delivered_on") else DeliveryStatus.PENDING
        )
    values.setdefault("channel", Channel.WEB)
    report.errors.extend(errors)
    return None if errors else Row(number, values)


def _cell(key: str, cell: Any) -> Any:
    if key == "delivery_status":
        return cells.choice(cell, cells.STATUSES, "", _("Write 未发货, 已发货, 已签收 or 已退回."))
    if key == "channel":
        return cells.choice(
            cell, cells.CHANNELS, Channel.WEB, _("Write 官网, 微信, APP, 门店, 电话, 邮件 or 短信.")
        )
    return PARSERS[key](cell)


def _import_group(
    actor: User | None,
    group: list[Row],
    products: dict[str, Product],
    names: dict[str, str],
    report: ImportReport,
) -> None:
    """One order from its rows, in one savepoint: any refusal undoes the whole order."""
    first = group[0].values
    items: dict[str, ItemData] = {}
    good: list[Row] = []
    for row in group:
        product = products.get(row.values["sku"])
        if product is None:
            report.errors.append(RowError(row.number, names["sku"], _("No product has this SKU.")))
        elif row.values["sku"] in items:
            report.errors.append(
                RowError(
                    row.number, names["sku"], _("This product is already in this order above.")
                )
            )
        else:
            items[row.values["sku"]] = ItemData(
                product, row.values["quantity"], row.values["unit_price"]
            )
            good.append(row)
    if not good:
        return
    data = OrderData(
        number=first["order_number"],
        purchased_at=first["purchased_at"],
        items=list(items.values()),
        channel=first["channel"],
        delivery_status=first["delivery_status"],
        tracking_number=first.get("tracking_number", ""),
        delivered_on=first.get("delivered_on"),
    )
    try:
        with transaction.atomic():
            customer, new = match_or_create_customer(
                actor=actor,
                name=first["customer_name"],
                phone=first.get("phone", ""),
                email=first.get("email", ""),
                source_channel=data.channel,
            )
            _order, outcome = save_imported_order(actor=actor, customer=customer, data=data)
    except DomainError as exc:
        key = next(iter(exc.fields), "")
        column = names.get(FIELD_COLUMNS.get(key, key), "")
        report.errors.extend(RowError(r.number, column, exc.message) for r in good)
        return
    report.customers_created += int(new)
    setattr(report, f"orders_{outcome}", getattr(report, f"orders_{outcome}") + 1)
