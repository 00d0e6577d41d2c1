"""Reading order files: CSV or Excel rows, Chinese or English headers, cells as values (O-02)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import DeliveryStatus
from kefu.core.errors import InvalidInput
from kefu.core.models import Channel

# canonical column → the headers accepted for it (compared after _norm).
COLUMNS: dict[str, tuple[str, ...]] = {
    "order_number": ("订单号", "订单编号", "order number", "order no", "order_number", "number"),
    "customer_name": ("客户姓名", "姓名", "客户", "customer name", "customer", "name"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "phone", "mobile"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
    "sku": ("商品SKU", "sku", "商品编码", "product sku"),
    "quantity": ("数量", "quantity", "qty"),
    "unit_price": ("单价(元)", "单价", "unit price (yuan)", "unit price", "price"),
    "purchased_at": ("下单时间", "购买时间", "purchased at", "purchase time", "order time"),
    "delivery_status": ("物流状态", "配送状态", "delivery status", "status"),
    "tracking_number": ("物流单号", "快递单号", "tracking number"),
    "delivered_on": ("签收日期", "签收时间", "delivered on", "delivery date"),
    "channel": ("渠道", "来源渠道", "channel"),
}
REQUIRED = ("order_number", "customer_name", "sku", "quantity", "unit_price", "purchased_at")

STATUSES = {
    "未发货": DeliveryStatus.PENDING,
    "待发货": DeliveryStatus.PENDING,
    "已发货": DeliveryStatus.SHIPPED,
    "运输中": DeliveryStatus.SHIPPED,
    "配送中": DeliveryStatus.SHIPPED,
    "已签收": DeliveryStatus.DELIVERED,
    "已送达": DeliveryStatus.DELIVERED,
    "已退回": DeliveryStatus.RETURNED,
    "已退货": DeliveryStatus.RETURNED,
    **{s.value: s.value for s in DeliveryStatus},
}
CHANNELS = {
    "官网": Channel.WEB,
    "网站": Channel.WEB,
    "网店": Channel.WEB,
    "微信": Channel.WECHAT,
    "小程序": Channel.WECHAT,
    "app": Channel.APP,
    "邮件": Channel.EMAIL,
    "电话": Channel.PHONE,
    "门店": Channel.STORE,
    "短信": Channel.SMS,
    **{c.value: c.value for c in Channel},
}
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")


class CellError(ValueError):
    """A cell that cannot be read; its message is shown in the row report."""


def _norm(header: object) -> str:
    text = str(header or "").strip().lower().replace("（", "(").replace("）", ")")
    return re.sub(r"[\s_]+", " ", text)


def column_map(headers: list[Any]) -> dict[str, int]:
    """The order file's canonical column → index (phone or email identifies the customer)."""
    return map_columns(headers, COLUMNS, REQUIRED, any_of=("phone", "email"))


def map_columns(
    headers: list[Any],
    columns: Mapping[str, Sequence[str]],
    required: Iterable[str],
    *,
    any_of: Sequence[str] = (),
) -> dict[str, int]:
    """canonical column → index, matching each header to a column's names (the first is the
    one shown); refuses a file that lacks a required column or every column of ``any_of``.
    Every import (orders, customers, tickets) reads its header with this."""
    aliases = {_norm(a): key for key, names in columns.items() for a in names}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = aliases.get(_norm(header))
        if key is not None and key not in found:
            found[key] = index
    missing = [columns[k][0] for k in required if k not in found]
    if any_of and not set(any_of) & set(found):
        missing.append("/".join(columns[k][0] for k in any_of))
    if missing:
        raise InvalidInput(
            "missing_columns",
            _("The file lacks these columns: %(c)s") % {"c": "、".join(missing)},
            {"columns": "、".join(missing)},
        )
    return found


def rows_of(content: bytes, filename: str) -> Iterator[list[Any]]:
    """The rows of a ``.csv`` (UTF-8 or GB18030) or ``.xlsx`` file, header first."""
    name = filename.lower()
    if name.endswith(".csv"):
        return _csv_rows(content)
    if name.endswith(".xlsx"):
        return _xlsx_rows(content)
    raise InvalidInput(
        "file_type",
        _("Upload a CSV or Excel (.xlsx) file."),
        {"file": _("Upload a CSV or Excel (.xlsx) file.")},
    )


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InvalidInput("file_encoding", _("The file is not readable text."))
    return iter(list(csv.reader(io.StringIO(text))))


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise InvalidInput(
            "file_unreadable",
            _("The Excel file cannot be read."),
            {"file": _("The Excel file cannot be read.")},
        ) from exc
    return iter(rows)


def text(value: Any) -> str:
    """A cell as text: Excel stores phone numbers and order numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def quantity(value: Any) -> int:
    raw = text(value)
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = Decimal(0)
    if number != number.to_integral_value() or not 1 <= number <= 9999:
        raise CellError(_("Write a whole number from 1 to 9999."))
    return int(number)


def price_fen(value: Any) -> int:
    """``19.9`` / ``¥1,299.00`` yuan → fen; more than two decimals is refused."""
    raw = text(value).replace("¥", "").replace("￥", "").replace(",", "").replace("元", "")
    try:
        yuan = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("Write the price in yuan, e.g. 19.90.")) from None
    fen = yuan * 100
    if yuan < 0 or fen != fen.to_integral_value() or fen > 2**31 - 1:
        raise CellError(_("Write the price in yuan, e.g. 19.90."))
    return int(fen)


def purchase_time(value: Any) -> datetime:
    """A time written in the shop's time zone (Excel cells carry none)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        moment = _parse(
            text(value), DATETIME_FORMATS + DATE_FORMATS, _("Write the time like 2026-01-05 14:30.")
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    moment = _parse(text(value).split(" ")[0], DATE_FORMATS, _("Write the date like 2026-01-08."))
    return moment.date()


def _parse(raw: str, formats: tuple[str, ...], message: str) -> datetime:
    for fmt in formats:
        try:
            return datetime.strptime(raw, fmt)  # noqa: DTZ007 - made aware by the caller
        except ValueError:
            continue
    raise CellError(message)


def choice(value: Any, table: dict[str, str], default: str, message: str) -> str:
    raw = text(value).lower()
    if not raw:
        return default
    if raw not in table:
        raise CellError(message)
    return table[raw]
