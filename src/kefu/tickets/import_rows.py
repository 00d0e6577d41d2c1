"""Reading a ticket export of another helpdesk: CSV/Excel rows or JSON lines into records.

CSV and Excel: one row per message, the ticket's columns repeated (or left empty) on the rows
of its other messages; rows with the same external id make one ticket. JSON lines: one ticket
per line, its messages a list. Cells are read by ``catalog.import_cells``; every refusal names
the row (the header is row 1; a JSON file's line) and the column (or key) as the file has it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from kefu.catalog import import_cells as cells
from kefu.catalog.imports import RowError
from kefu.core.errors import InvalidInput
from kefu.customers.contacts import normalise_email, normalise_phone
from kefu.tickets.models import Direction, Status

# canonical column → the headers accepted for it (compared as ``import_cells`` compares).
COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("外部编号", "原工单号", "工单编号", "external id", "ticket id", "id"),
    "customer_name": ("客户姓名", "姓名", "客户", "customer name", "customer", "name"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "phone", "mobile"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
    "subject": ("主题", "标题", "问题描述", "subject", "title"),
    "status": ("状态", "工单状态", "status"),
    "channel": ("渠道", "来源渠道", "channel"),
    "created_at": ("创建时间", "created at", "created"),
    "closed_at": ("关闭时间", "closed at", "closed"),
    "message_at": ("消息时间", "message time", "message at"),
    "message_from": ("发送方", "消息来源", "message from", "from", "author"),
    "message": ("消息内容", "消息", "message", "body"),
}
REQUIRED = ("external_id", "customer_name", "subject", "created_at")
STATUSES = {
    "新建": Status.NEW,
    "待处理": Status.NEW,
    "open": Status.NEW,
    "处理中": Status.IN_PROGRESS,
    "进行中": Status.IN_PROGRESS,
    "pending": Status.IN_PROGRESS,
    "已解决": Status.RESOLVED,
    "solved": Status.RESOLVED,
    "已关闭": Status.CLOSED,
    "已完成": Status.CLOSED,
    **{s.value: s.value for s in Status if s != Status.MERGED},
}
SENDERS = {
    "客户": Direction.INBOUND,
    "customer": Direction.INBOUND,
    "客服": Direction.OUTBOUND,
    "agent": Direction.OUTBOUND,
    "备注": Direction.INTERNAL,
    "note": Direction.INTERNAL,
    **{d.value: d.value for d in Direction},
}
MAX_EXTERNAL_ID = 64
MAX_NAME = 100  # a customer's name


@dataclass
class Record:
    """One ticket as the file gives it; ``row`` is where it starts."""

    row: int
    values: dict[str, Any]
    names: dict[str, str]  # canonical key → the column (or key) as the file names it
    messages: list[tuple[datetime, str, str]] = field(default_factory=list)  # at, direction, body


def column_map(headers: list[Any]) -> dict[str, int]:
    """canonical column → index; refuses a file without the required columns."""
    return cells.map_columns(headers, COLUMNS, REQUIRED, any_of=("phone", "email"))


def _time(value: Any) -> datetime | None:
    return None if cells.text(value) == "" else cells.purchase_time(value)


def _choices() -> dict[str, tuple[dict[str, str], str, str]]:
    """key → (accepted words, default, message) of the columns that take a word from a list."""
    return {
        "status": (STATUSES, "", _("Write 新建, 处理中, 已解决 or 已关闭.")),
        "channel": (cells.CHANNELS, "", _("Write 官网, 微信, APP, 门店, 电话, 邮件 or 短信.")),
        "message_from": (SENDERS, Direction.INBOUND, _("Write 客户, 客服 or 备注.")),
    }


READERS = {
    "created_at": _time,
    "closed_at": _time,
    "message_at": _time,
    "phone": lambda v: normalise_phone(cells.text(v)),
    "email": lambda v: normalise_email(cells.text(v)),
}


def _cell(key: str, value: Any) -> Any:
    choices = _choices()
    if key in choices:
        return cells.choice(value, *choices[key])
    return READERS.get(key, cells.text)(value)


def read_cells(row: int, raw: dict[str, Any], names: dict[str, str]) -> tuple[dict, list]:
    """The values of one row (canonical key → value) and its refusals."""
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for key, cell in raw.items():
        try:
            values[key] = _cell(key, cell)
        except cells.CellError as exc:
            errors.append(RowError(row, names[key], str(exc)))
        except InvalidInput as exc:  # a phone or email the customers app refuses
            errors.append(RowError(row, names[key], exc.message))
    return values, errors


def check_record(record: Record) -> list[RowError]:
    """What makes a ticket unimportable, beyond its cells."""
    values, row, names = record.values, record.row, record.names
    errors = [
        RowError(row, names[key], _("This cell must not be empty."))
        for key in REQUIRED
        if not values.get(key)
    ]
    for key, most in (("external_id", MAX_EXTERNAL_ID), ("customer_name", MAX_NAME)):
        if len(values.get(key, "")) > most:
            errors.append(RowError(row, names[key], _("At most %(n)s characters.") % {"n": most}))
    if not values.get("phone") and not values.get("email"):
        column = names.get("phone") or names.get("email", "")
        errors.append(RowError(row, column, _("Give the customer's phone or email.")))
    closed, created = values.get("closed_at"), values.get("created_at")
    if closed and created and closed < created:
        errors.append(RowError(row, names["closed_at"], _("Closed before it was created.")))
    return errors


def table_records(rows: Iterator[list[Any]]) -> tuple[list[Record], list[RowError], int]:
    """CSV/Excel rows (header first) → records, refusals and the number of rows read."""
    header = next(rows, None)
    if header is None:
        raise InvalidInput("file_empty", _("The file is empty."), {"file": _("The file is empty.")})
    columns = column_map(header)
    names = {key: cells.text(header[index]) for key, index in columns.items()}
    records: dict[str, Record] = {}
    errors: list[RowError] = []
    count = 0
    for number, raw in enumerate(rows, start=2):
        if not any(cells.text(v) for v in raw):
            continue
        count += 1
        cellmap = {k: raw[i] if i < len(raw) else None for k, i in columns.items()}
        values, refused = read_cells(number, cellmap, names)
        errors += refused
        if refused:
            continue
        _add_row(records, number, values, names, errors)
    return _checked(records.values(), errors), errors, count


def _checked(records: Iterable[Record], errors: list[RowError]) -> list[Record]:
    good = []
    for record in records:
        refused = check_record(record)
        errors += refused
        if not refused:
            good.append(record)
    return good


MESSAGE_KEYS = ("message_at", "message_from", "message")


def _add_row(
    records: dict[str, Record],
    number: int,
    values: dict[str, Any],
    names: dict[str, str],
    errors: list[RowError],
) -> None:
    key = values.get("external_id", "")
    ticket = {k: v for k, v in values.items() if k not in MESSAGE_KEYS}
    record = records.get(key)
    if record is None:
        record = records[key] = Record(number, ticket, names)
    else:  # a later row of the same ticket: its filled ticket cells count too
        record.values.update({k: v for k, v in ticket.items() if v})
    if values.get("message"):
        at = values.get("message_at") or record.values.get("created_at")
        if at is None:
            errors.append(RowError(number, names["message_at"], _("This cell must not be empty.")))
            return
        record.messages.append((at, values.get("message_from") or "inbound", values["message"]))


def json_records(content: bytes) -> tuple[list[Record], list[RowError], int]:
    """JSON lines (one ticket object per line) → records, refusals and the lines read."""
    records: dict[str, Record] = {}
    errors: list[RowError] = []
    count = 0
    for number, line in enumerate(content.decode("utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        count += 1
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            item = None
        if not isinstance(item, dict):
            errors.append(RowError(number, "", _("This line is not a JSON object.")))
            continue
        _add_object(records, number, item, errors)
    return _checked(records.values(), errors), errors, count


def _add_object(
    records: dict[str, Record], number: int, item: dict[str, Any], errors: list[RowError]
) -> None:
    customer = item.get("customer") if isinstance(item.get("customer"), dict) else {}
    raw = {key: item.get(key) for key in COLUMNS if key not in MESSAGE_KEYS and key in item}
    for key, name in (("customer_name", "name"), ("phone", "phone"), ("email", "email")):
        if name in customer:
            raw[key] = customer[name]
    names = {key: key for key in COLUMNS}
    values, refused = read_cells(number, raw, names)
    messages = item.get("messages") or []
    if not isinstance(messages, list):
        refused.append(RowError(number, "messages", _("Write the messages as a list.")))
        messages = []
    record = Record(number, values, names)
    for message in messages:
        at, sender, body = _message(number, message, refused)
        if body:
            record.messages.append((at or values.get("created_at"), sender, body))  # type: ignore[arg-type]
    errors += refused
    if not refused:
        records[values.get("external_id", "")] = record


def _message(number: int, message: Any, errors: list[RowError]) -> tuple[Any, str, str]:
    if not isinstance(message, dict):
        errors.append(RowError(number, "messages", _("Write each message as an object.")))
        return None, "", ""
    names = {"message_at": "messages.at", "message_from": "messages.from", "message": "messages"}
    raw = {"message_at": message.get("at"), "message_from": message.get("from")}
    values, refused = read_cells(number, raw, names)
    errors += refused
    return (
        values.get("message_at"),
        values.get("message_from") or "inbound",
        cells.text(message.get("body")),
    )
