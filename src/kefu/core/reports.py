"""The one report mechanism (Y-05): a report is tables of rows from a query, with typed columns
and an optional chart; it renders as a page table, an Excel workbook and a CSV file.

Every app defines its reports here the same way: build the rows with aggregate SQL, name the
columns (header, kind → number format), optionally say which columns to chart. The CSV is
UTF-8 with a BOM (Excel opens the Chinese right) and neutralises formulas: a text cell
starting with ``= + - @`` (or a tab or carriage return) gets a leading ``'`` so a spreadsheet
never runs it. The workbook keeps such text as text, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    "text": "General",
    "int": "0",
    "number": "General",
    "decimal": "0.0",
    "decimal2": "0.00",
    "percent": '0.0"%"',
    "minutes": "0.0",
    "date": "yyyy-mm-dd",
}
SHEET_TITLE_MAX = 31  # Excel's limit


@dataclass(frozen=True)
class Column:
    """One column: the row key it reads, its header and its kind (which sets the format)."""

    key: str
    label: str
    kind: str = "text"

    @property
    def number_format(self) -> str:
        return NUMBER_FORMATS[self.kind]

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text", "date")


@dataclass(frozen=True)
class Chart:
    """What to draw: ``x`` names the category column, ``series`` the value columns."""

    kind: str  # "bar", "line" or "pie"
    x: str
    series: tuple[str, ...]
    stack: bool = False
    horizontal: bool = False


@dataclass
class Table:
    """Rows (mappings keyed by column key) under typed columns; one sheet of the workbook."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    chart: Chart | None = None
    caption: list[Any] = field(default_factory=list)  # a line above the header (workbook)
    header: bool = True  # False: a key-value sheet, no header line
    key: str = ""  # names the chart's element on the page

    def values(self) -> list[list[Any]]:
        """The rows as lists of cell values, in column order."""
        return [[row.get(c.key) for c in self.columns] for row in self.rows]

    def labels(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def chart_options(self) -> dict[str, Any] | None:
        """The ECharts option of the table's chart, or None."""
        return chart_options(self) if self.chart else None


@dataclass
class Report:
    """A named set of tables; ``name`` is the file name without its extension."""

    name: str
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return neutralise(str(value)) if isinstance(value, str) else value


def to_csv(report: Report) -> bytes:
    """Every table of ``report``, a blank line between them, UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    for n, table in enumerate(report.tables):
        if n:
            writer.writerow([])
        if table.header:
            writer.writerow([_csv_cell(label) for label in table.labels()])
        writer.writerows([_csv_cell(v) for v in line] for line in table.values())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _write_sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Font

    if table.caption:
        sheet.append([str(c) for c in table.caption])
    if table.header:
        sheet.append(table.labels())
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for line in table.values():
        sheet.append([_xlsx_value(v) for v in line])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            if cell.data_type == "f":  # text starting with "=": keep it text
                cell.data_type = "s"
            numeric = column.numeric and isinstance(cell.value, int | float)
            if numeric or (column.kind == "date" and cell.value is not None):
                cell.number_format = column.number_format


def to_xlsx(report: Report) -> bytes:
    """One sheet per table, bold headers, numbers with their columns' formats."""
    from openpyxl import Workbook

    book = Workbook()
    for n, table in enumerate(report.tables):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = _sheet_title(table.title, book)
        _write_sheet(sheet, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, book: Any) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    title = title[:SHEET_TITLE_MAX] or "Sheet"
    taken = {s.title for s in book.worksheets[:-1]}
    return title if title not in taken else f"{title[: SHEET_TITLE_MAX - 3]}-{len(taken)}"


def render(report: Report, fmt: str) -> tuple[str, str, bytes]:
    """``report`` as ``fmt`` ("xlsx" or "csv"): (file name, content type, body)."""
    from kefu.core.errors import InvalidInput

    if fmt not in FORMATS:
        raise InvalidInput("invalid_format", _("Choose Excel or CSV."), {"format": "xlsx, csv"})
    if fmt == "csv":
        return f"{report.name}.csv", CSV, to_csv(report)
    return f"{report.name}.xlsx", XLSX, to_xlsx(report)


def attachment(name: str, content_type: str, body: bytes) -> HttpResponse:
    """The file as a download."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def chart_options(table: Table) -> dict[str, Any]:
    """The ECharts option for ``table.chart``: categories from ``x``, one series per column."""
    chart = table.chart
    assert chart is not None
    by_key = {c.key: c for c in table.columns}
    names = [str(row.get(chart.x) or "") for row in table.rows]
    if chart.kind == "pie":
        key = chart.series[0]
        pairs = zip(names, table.rows, strict=True)
        data = [{"name": n, "value": _number(r.get(key))} for n, r in pairs]
        return {
            "tooltip": {"trigger": "item"},
            "legend": {"top": 0, "type": "scroll"},
            "series": [{"name": str(by_key[key].label), "type": "pie", "data": data}],
        }
    categories = {"type": "category", "data": names}
    values = {"type": "value"}
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": values if chart.horizontal else categories,
        "yAxis": categories if chart.horizontal else values,
        "series": [_series(chart, by_key[key], table.rows) for key in chart.series],
    }


def _series(chart: Chart, column: Column, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    series: dict[str, Any] = {
        "name": str(column.label),
        "type": chart.kind,
        "data": [_number(r.get(column.key)) for r in rows],
    }
    if chart.stack:
        series["stack"] = "total"
    return series


def rate(part: int | None, whole: int | None) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when there is no whole."""
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


def rows_of(cursor_rows: Iterable[Sequence[Any]], keys: Sequence[str]) -> list[dict[str, Any]]:
    """Raw SQL result lines as row mappings."""
    return [dict(zip(keys, line, strict=True)) for line in cursor_rows]


@dataclass(frozen=True)
class Cell:
    """One cell of the page table: its text, where it links to, whether it is a number."""

    text: str
    link: str = ""
    numeric: bool = False


def display(value: Any, column: Column) -> str:
    """A value as the page shows it: ``–`` for nothing, the column's decimals for numbers."""
    if value is None or value == "":
        return "–" if column.numeric else ""
    if column.kind in ("decimal", "minutes", "percent") and isinstance(value, int | float):
        return f"{value:.1f}"
    if column.kind == "decimal2" and isinstance(value, int | float | Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def page_rows(table: Table) -> list[list[Cell]]:
    """The table's rows as page cells; a row's ``links`` maps a column key to a URL."""
    return [
        [
            Cell(display(row.get(c.key), c), row.get("links", {}).get(c.key, ""), c.numeric)
            for c in table.columns
        ]
        for row in table.rows
    ]


def as_json(report: Report) -> dict[str, Any]:
    """The report for the JSON API: every table's columns and rows (links left out)."""
    return {
        "name": report.name,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "columns": [
                    {"key": c.key, "label": str(c.label), "kind": c.kind} for c in t.columns
                ],
                "rows": [
                    {c.key: _number(r.get(c.key)) for c in t.columns} | {"key": r.get("key")}
                    for r in t.rows
                ],
            }
            for t in report.tables
        ],
    }


def _html_cell(tag: str, cell: Cell) -> str:
    align = ' class="text-end"' if cell.numeric else ""
    text = escape(cell.text)
    if cell.link:
        text = f'<a href="{escape(cell.link)}">{text}</a>'
    return f"<{tag}{align}>{text}</{tag}>"


def html_table(table: Table) -> SafeString:
    """The table as the page shows it (Bootstrap classes, numbers right-aligned, links kept),
    built in one pass: a dashboard of a hundred agents renders without a template loop."""
    head = "".join(_html_cell("th", Cell(str(c.label), numeric=c.numeric)) for c in table.columns)
    lines = [
        "<tr>" + "".join(_html_cell("td", cell) for cell in cells) + "</tr>"
        for cells in page_rows(table)
    ]
    if not lines:
        empty = escape(_("Nothing in this period."))
        lines = [
            f'<tr><td colspan="{len(table.columns)}" class="text-body-secondary">{empty}</td></tr>'
        ]
    return mark_safe(  # noqa: S308 - every text above is escaped
        '<table class="table table-sm table-hover mb-0"><thead class="table-light"><tr>'
        f"{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"
    )
