"""Reading customer files as a stream: CSV (UTF-8, UTF-8 with BOM, GB18030) or .xlsx (C-02).

Rows are yielded one at a time, so memory stays flat whatever the file size; cells are read
with the order import's cell parsing (``kefu.catalog.import_cells``), and each bad cell is a
``RowError`` naming the row as the spreadsheet numbers it and the column as the file heads it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.catalog import import_cells as cells
from kefu.core.errors import DomainError, InvalidInput
from kefu.customers.contacts import normalise_email, normalise_phone
from kefu.customers.models import Gender, MemberLevel

# canonical column → the headers accepted for it (compared lower-cased, spaces and _ folded).
COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("客户编号", "外部编号", "会员编号", "external id", "customer id"),
    "name": ("姓名", "客户姓名", "name", "customer name"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "phone", "mobile"),
    "alt_phone": ("其他电话", "备用电话", "座机", "other phone"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
    "gender": ("性别", "gender"),
    "birthday": ("生日", "出生日期", "birthday"),
    "province": ("省份", "省", "province"),
    "city": ("城市", "市", "city"),
    "address": ("地址", "联系地址", "address"),
    "member_level": ("会员等级", "member level"),
    "wechat_id": ("微信号", "微信", "wechat id", "wechat"),
    "language": ("语言", "language"),
    "source_channel": ("来源渠道", "渠道", "source channel", "channel"),
}
KEYS = ("external_id", "phone", "email")  # a row is matched by any of them
LENGTHS = {
    "external_id": 64,
    "name": 100,
    "province": 20,
    "city": 30,
    "address": 200,
    "wechat_id": 50,
    "language": 10,
}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "未知": Gender.UNKNOWN, "m": Gender.MALE}
GENDERS |= {"f": Gender.FEMALE, **{g.value: g.value for g in Gender}}
LEVELS = {"非会员": MemberLevel.NONE, "会员": MemberLevel.REGULAR, "普通会员": MemberLevel.REGULAR}
LEVELS |= {"银卡会员": MemberLevel.SILVER, "金卡会员": MemberLevel.GOLD}
LEVELS |= {"钻石会员": MemberLevel.DIAMOND, **{m.value: m.value for m in MemberLevel}}
MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
# A subset of what Django's validator accepts: dot-atom local part, plain domain labels.
PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
)
SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the header as written in the file; "" when the whole row is concerned
    message: str


@dataclass
class Sheet:
    """An open file: its header, its rows and how far the reading has got."""

    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (row number, cells)
    total: int  # bytes of a CSV, rows of a worksheet
    done: Callable[[], int]


def column_map(header: list[Any]) -> dict[str, int]:
    """canonical column → index; refuses a file without a name or any key column."""
    return cells.map_columns(header, COLUMNS, ["name"], any_of=KEYS)


def open_sheet(path: Path, filename: str) -> Sheet:
    """The header and streamed rows of a ``.csv`` or ``.xlsx`` file."""
    name = filename.lower()
    if name.endswith(".csv"):
        return _csv_sheet(path)
    if name.endswith(".xlsx"):
        return _xlsx_sheet(path)
    raise InvalidInput(
        "file_type",
        _("Upload a CSV or Excel (.xlsx) file."),
        {"file": _("Upload a CSV or Excel (.xlsx) file.")},
    )


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _csv_sheet(path: Path) -> Sheet:
    raw: IO[bytes] = path.open("rb")
    encoding = _encoding(raw.read(SNIFF_BYTES))
    raw.seek(0)
    reader = csv.reader(io.TextIOWrapper(raw, encoding=encoding, newline=""))
    header = _first(reader)
    rows = ((number, row) for number, row in enumerate(reader, start=2))
    size = path.stat().st_size
    return Sheet(header, _closing(rows, raw), size, lambda: size if raw.closed else raw.tell())


def _xlsx_sheet(path: Path) -> Sheet:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula arrives as its text ("=...") and is refused, not evaluated.
        book = load_workbook(path, read_only=True, data_only=False)
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [cells.text(v) for v in next(values, ())]
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise InvalidInput(
            "file_unreadable",
            _("The Excel file cannot be read."),
            {"file": _("The Excel file cannot be read.")},
        ) from exc
    position = [1]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, row in enumerate(values, start=2):
            position[0] = number
            yield number, list(row)
        book.close()

    return Sheet(header, rows(), max(sheet.max_row or 1, 1), lambda: position[0])


def _first(reader: Iterator[list[str]]) -> list[str]:
    try:
        return next(reader, [])
    except UnicodeDecodeError as exc:
        raise _unreadable() from exc


def _unreadable() -> InvalidInput:
    return InvalidInput(
        "file_encoding",
        _("The file is not readable text: save it as UTF-8 or GB18030 CSV."),
        {"file": _("The file is not readable text: save it as UTF-8 or GB18030 CSV.")},
    )


def _closing(
    rows: Iterator[tuple[int, list[Any]]], raw: IO[bytes]
) -> Iterator[tuple[int, list[Any]]]:
    try:
        yield from rows
    except UnicodeDecodeError as exc:
        raise _unreadable() from exc
    finally:
        raw.close()


# --- one row ------------------------------------------------------------------------------
# Messages are translated only when a cell is bad: a million good rows ask for no translation.


def _phone(value: Any) -> str:
    raw = cells.text(value)
    match = MOBILE.fullmatch(raw.replace(" ", "").replace("-", ""))
    if match:  # the common case, without the full number library
        return "+86" + match.group(1)
    return normalise_phone(raw)


def _email(value: Any) -> str:
    text = cells.text(value)
    if PLAIN_EMAIL.fullmatch(text):  # the common case, without the full validator
        return text.lower()
    return normalise_email(text)


def _choice(table: dict[str, str], message: Any) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        try:
            return cells.choice(value, table, "", "")
        except cells.CellError:
            raise cells.CellError(str(message)) from None

    return parse


def _text(limit: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = cells.text(value)
        if len(text) > limit:
            raise cells.CellError(_("At most %(n)s characters.") % {"n": limit})
        return text

    return parse


PARSERS: dict[str, Callable[[Any], Any]] = {
    **{key: _text(limit) for key, limit in LENGTHS.items()},
    "phone": _phone,
    "alt_phone": _phone,
    "email": _email,
    "gender": _choice(GENDERS, gettext_lazy("Write 男, 女 or 未知.")),
    "member_level": _choice(
        LEVELS, gettext_lazy("Write 非会员, 会员, 银卡会员, 金卡会员 or 钻石会员.")
    ),
    "source_channel": _choice(
        cells.CHANNELS, gettext_lazy("Write 官网, 微信, APP, 门店, 电话, 邮件 or 短信.")
    ),
}


class RowParser:
    """Turns the cells of one row into profile values and errors, for one file's columns."""

    def __init__(self, columns: dict[str, int], names: dict[str, str]) -> None:
        self.columns = [(key, index, PARSERS.get(key)) for key, index in columns.items()]
        self.names = names
        self.keys = [k for k in KEYS if k in names]
        self.today = timezone.localdate()

    def _birthday(self, value: Any) -> date | None:
        day = None
        if isinstance(value, str) and len(value) == 10:
            with suppress(ValueError):
                day = date.fromisoformat(value)
        if day is None:
            day = cells.day(value)
        if day is not None and not date(1900, 1, 1) <= day <= self.today:
            raise cells.CellError(_("Enter a past date, e.g. 1990-05-12."))
        return day

    def parse(self, number: int, raw: list[Any]) -> tuple[dict[str, Any], list[RowError]]:
        """The row's non-empty values by canonical column, and its errors."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        width = len(raw)
        for key, index, parser in self.columns:
            cell = raw[index] if index < width else None
            try:
                if isinstance(cell, str) and cell.startswith("="):
                    raise cells.CellError(_("Formulas are not accepted: write the value itself."))
                value = parser(cell) if parser else self._birthday(cell)
            except (cells.CellError, DomainError) as exc:
                errors.append(RowError(number, self.names[key], getattr(exc, "message", str(exc))))
                continue
            if value not in ("", None):
                values[key] = value
        return values, errors or self._missing(number, values)

    def _missing(self, number: int, values: dict[str, Any]) -> list[RowError]:
        if "name" not in values:
            return [RowError(number, self.names["name"], _("This cell must not be empty."))]
        if not any(k in values for k in self.keys):
            message = _("Give the customer's phone, email or number.")
            return [RowError(number, self.names[self.keys[0]], message)]
        return []


def is_blank(raw: list[Any]) -> bool:
    return not any(cells.text(v) for v in raw)
