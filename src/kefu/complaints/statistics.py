"""The complaint classification table (顧客投訴分類統計表, K-09) and its Excel and CSV exports.

004 §六 (6): 由客服主管填寫《顧客投訴分類統計表》，並做資料分析統計，提出改進對策. Complaints are
counted by the time they were received, by type (nature), responsible department, product
(through the order item) and month; improvement actions are counted open, overdue and done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.models import Complaint, Nature, Status
from kefu.complaints.queries import improvement_counts, improvement_list
from kefu.core import reports
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.core.reports import Column, Report, Table
from kefu.quality.models import ImprovementAction

MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int
    valid: int
    closed: int


@dataclass
class ClassificationTable:
    start: date
    end: date
    total: int = 0
    by_type: list[Row] = field(default_factory=list)
    by_department: list[Row] = field(default_factory=list)
    by_product: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    # month "YYYY-MM" → nature → count, for the chart
    month_by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    improvements: dict[str, int] = field(default_factory=dict)

    def dimensions(self) -> list[tuple[str, list[Row]]]:
        return [
            (_("Type"), self.by_type),
            (_("Department"), self.by_department),
            (_("Product"), self.by_product),
            (_("Month"), self.by_month),
        ]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidInput(
            "invalid_period",
            _("The end date is before the start date."),
            {"end": _("before the start")},
        )
    if (end - start).days > MAX_DAYS:
        raise InvalidInput(
            "period_too_long", _("Choose a period of at most three years."), {"end": _("too long")}
        )
    tz = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.combine(start, time.min, tz),
        datetime.combine(end + timedelta(days=1), time.min, tz),
    )


COUNTS = {
    "count": Count("pk"),
    "valid": Count("pk", filter=Q(valid=True)),
    "closed": Count("pk", filter=Q(status=Status.CLOSED)),
}


def _rows(qs: QuerySet[Complaint], key: str, name: str, empty: str) -> list[Row]:
    grouped = qs.values(key, name).annotate(**COUNTS).order_by()
    rows = [
        Row(str(g[key] or ""), str(g[name] or empty), g["count"], g["valid"], g["closed"])
        for g in grouped
    ]
    # Most complaints first; on a tie the named rows before "none", then by name.
    return sorted(rows, key=lambda r: (-r.count, r.key == "", r.label))


def _by_type(qs: QuerySet[Complaint]) -> list[Row]:
    grouped = {g["nature"]: g for g in qs.values("nature").annotate(**COUNTS)}
    rows = []
    for value, label in [*Nature.choices, ("", _("Not classified"))]:
        g = grouped.get(value)
        if g is not None:
            rows.append(Row(value, str(label), g["count"], g["valid"], g["closed"]))
    return rows


def _months(start: date, end: date) -> list[str]:
    months, cursor = [], date(start.year, start.month, 1)
    while cursor <= end:
        months.append(f"{cursor:%Y-%m}")
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return months


def _by_month(qs: QuerySet[Complaint], table: ClassificationTable) -> None:
    tz = ZoneInfo(settings.TIME_ZONE)
    grouped = (
        qs.annotate(month=TruncMonth("received_at", tzinfo=tz))
        .values("month", "nature")
        .annotate(**COUNTS)
    )
    totals: dict[str, list[int]] = {m: [0, 0, 0] for m in _months(table.start, table.end)}
    matrix: dict[str, dict[str, int]] = {m: {} for m in totals}
    for g in grouped:
        month = (
            f"{timezone.localtime(g['month'], tz):%Y-%m}"
            if isinstance(g["month"], datetime)
            else f"{g['month']:%Y-%m}"
        )
        total = totals.setdefault(month, [0, 0, 0])
        for i, key in enumerate(("count", "valid", "closed")):
            total[i] += g[key]
        matrix.setdefault(month, {})[g["nature"] or ""] = g["count"]
    table.by_month = [Row(m, m, *t) for m, t in sorted(totals.items())]
    table.month_by_type = dict(sorted(matrix.items()))


def classification_table(*, actor: User, start: date, end: date) -> ClassificationTable:
    """The classification table of complaints received from ``start`` to ``end`` (local dates,
    inclusive), for supervisors and above. Implements K-09."""
    require(actor, "complaint.statistics")
    since, until = _bounds(start, end)
    qs = Complaint.objects.filter(received_at__gte=since, received_at__lt=until)
    table = ClassificationTable(start=start, end=end, total=qs.count())
    table.by_type = _by_type(qs)
    table.by_department = _rows(
        qs, "responsible_department_id", "responsible_department__name", _("No department")
    )
    table.by_product = _rows(
        qs, "order_item__product_id", "order_item__product__name", _("No product")
    )
    _by_month(qs, table)
    table.improvements = improvement_counts(actor)
    return table


def _columns() -> list[Column]:
    return [
        Column("dimension", _("Dimension")),
        Column("item", _("Item")),
        Column("count", _("Complaints"), "int"),
        Column("valid", _("Valid"), "int"),
        Column("closed", _("Closed"), "int"),
    ]


def _table_rows(table: ClassificationTable) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, dimension in table.dimensions():
        rows.extend(
            {
                "dimension": name,
                "item": r.label,
                "count": r.count,
                "valid": r.valid,
                "closed": r.closed,
            }
            for r in dimension
        )
    rows.append({"dimension": _("Total"), "count": table.total})
    return rows


def _classification(table: ClassificationTable) -> Table:
    return Table(
        _("Classification table"),
        _columns(),
        _table_rows(table),
        caption=[
            _("Complaint classification statistics"),
            f"{table.start.isoformat()} – {table.end.isoformat()}",
        ],
    )


def chart_data(table: ClassificationTable) -> dict[str, object]:
    """Complaints per month stacked by type, as the ECharts options of the statistics page."""
    months = list(table.month_by_type)
    series = [
        {
            "name": str(label),
            "type": "bar",
            "stack": "type",
            "data": [table.month_by_type[m].get(value, 0) for m in months],
        }
        for value, label in [*Nature.choices, ("", _("Not classified"))]
        if any(table.month_by_type[m].get(value) for m in months)
    ]
    return {"months": months, "series": series}


def to_csv(table: ClassificationTable) -> bytes:
    """One rectangular table, UTF-8 with a BOM so Excel shows the Chinese right."""
    return reports.to_csv(Report("complaints", [_classification(table)]))


def _improvement_rows(actions: list[ImprovementAction]) -> list[list[object]]:
    return [
        [
            a.title,
            a.category_label,
            a.owner.display_name,
            a.due_on.isoformat(),
            timezone.localtime(a.done_at).strftime("%Y-%m-%d %H:%M") if a.done_at else "",
            a.done_note,
        ]
        for a in actions
    ]


def _improvement_columns() -> list[Column]:
    keys = ("action", "type", "owner", "due", "done", "result")
    labels = (_("Action"), _("Type"), _("Owner"), _("Due"), _("Done"), _("Result"))
    return [Column(k, label) for k, label in zip(keys, labels, strict=True)]


def to_xlsx(table: ClassificationTable, actions: list[ImprovementAction]) -> bytes:
    """A workbook: the classification table, one sheet per dimension, and improvement actions."""
    columns = _improvement_columns()
    improvements = Table(
        _("Improvement actions"),
        columns,
        [
            dict(zip([c.key for c in columns], row, strict=True))
            for row in _improvement_rows(actions)
        ],
    )
    return reports.to_xlsx(Report("complaints", [_classification(table), improvements]))


def export_statistics(*, actor: User, start: date, end: date, fmt: str) -> tuple[str, str, bytes]:
    """The table as ``fmt`` ("xlsx" or "csv"): (file name, content type, bytes); audited
    (P-05 exports). Implements K-09."""
    if fmt not in reports.FORMATS:
        raise InvalidInput("invalid_format", _("Choose Excel or CSV."), {"format": "xlsx, csv"})
    table = classification_table(actor=actor, start=start, end=end)
    name = f"complaints-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        body, ctype = to_csv(table), reports.CSV
    else:
        body, ctype = to_xlsx(table, list(improvement_list(actor))), reports.XLSX
    record_audit(
        actor=actor,
        action="complaint.statistics_exported",
        data={"format": fmt, "start": start.isoformat(), "end": end.isoformat()},
    )
    return name, ctype, body
