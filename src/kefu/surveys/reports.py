"""The monthly satisfaction report (Q-04): rate by team, agent, category and channel, the
dissatisfaction reasons, and the same as Excel and CSV.

统计满意度数据 (如"本月售后满意度为92%")；分析不满意原因 (如"10%的客户认为解决速度慢")
(000 §三(四) 结果应用). Satisfied means an overall score at or above the shop's threshold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core import reports
from kefu.core.errors import InvalidInput
from kefu.core.models import Channel, Team, User
from kefu.core.permissions import require
from kefu.core.reports import Column, Table
from kefu.surveys.models import Reason, SurveyResponse, SurveySettings, Trigger
from kefu.tickets.models import Category

DIMENSIONS = {
    "team": ("survey__team", gettext_lazy("Team")),
    "agent": ("survey__agent", gettext_lazy("Agent")),
    "category": ("survey__category", gettext_lazy("Category")),
    "channel": ("survey__channel", gettext_lazy("Channel")),
}
TREND_MONTHS = 6
COMMENTS_SHOWN = 20


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    responses: int
    satisfied: int
    avg_overall: float

    @property
    def rate(self) -> float:
        """Percent satisfied, one decimal."""
        return round(100 * self.satisfied / self.responses, 1) if self.responses else 0.0


@dataclass(frozen=True)
class ReasonRow:
    code: str
    label: str
    count: int
    share: float  # percent of the month's responses


@dataclass(frozen=True)
class Report:
    month: date
    by: str
    threshold: int
    rows: list[Row]
    total: Row
    reasons: list[ReasonRow]
    trend: list[tuple[str, float, int]]
    comments: list[SurveyResponse]


def parse_month(text: str | None) -> date:
    """``2026-03`` → the first of that month; empty → this month."""
    if not text:
        return timezone.localdate().replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-", 1))
        return date(year, month, 1)
    except ValueError:
        raise InvalidInput(
            "invalid_month",
            _("Write the month as YYYY-MM."),
            {"month": _("Write the month as YYYY-MM.")},
        ) from None


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month in the shop's time zone, as aware datetimes [start, end)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(month, time.min, tzinfo=tz),
        datetime.combine(_next_month(month), time.min, tzinfo=tz),
    )


def _labels(by: str, keys: list[Any]) -> dict[Any, str]:
    if by == "team":
        return {t.pk: t.name for t in Team.objects.filter(pk__in=keys)}
    if by == "agent":
        return {u.pk: u.display_name for u in User.objects.filter(pk__in=keys)}
    if by == "category":
        return {**dict(Category.choices), "": str(Trigger.PURCHASE.label)}
    return dict(Channel.choices)


def _rows(responses: Any, by: str, threshold: int) -> list[Row]:
    field = DIMENSIONS[by][0]
    grouped = list(
        responses.values(field)
        .annotate(
            n=Count("pk"), ok=Count("pk", filter=Q(overall__gte=threshold)), avg=Avg("overall")
        )
        .order_by(field)
    )
    labels = _labels(by, [g[field] for g in grouped])
    rows = [
        Row(
            str(g[field] if g[field] is not None else ""),
            str(labels.get(g[field], _("Not assigned"))),
            g["n"],
            g["ok"],
            round(float(g["avg"] or 0), 2),
        )
        for g in grouped
    ]
    return sorted(rows, key=lambda r: (-r.responses, r.label))


def _reasons(responses: Any, total: int) -> list[ReasonRow]:
    counts: Counter[str] = Counter()
    for reasons in responses.values_list("reasons", flat=True):
        counts.update(r for r in reasons or [] if r in Reason.values)
    return [
        ReasonRow(code, str(Reason(code).label), n, round(100 * n / total, 1) if total else 0.0)
        for code, n in counts.most_common()
    ]


def _trend(month: date, threshold: int) -> list[tuple[str, float, int]]:
    first = month
    for _i in range(TREND_MONTHS - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    start, end = month_bounds(first)[0], month_bounds(month)[1]
    grouped = (
        SurveyResponse.objects.filter(answered_at__gte=start, answered_at__lt=end)
        .annotate(m=TruncMonth("answered_at", tzinfo=timezone.get_current_timezone()))
        .values("m")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(overall__gte=threshold)))
        .order_by("m")
    )
    by_month = {
        timezone.localtime(g["m"]).strftime("%Y-%m")
        if isinstance(g["m"], datetime)
        else g["m"].strftime("%Y-%m"): (g["n"], g["ok"])
        for g in grouped
    }
    result, current = [], first
    while current <= month:
        key = current.strftime("%Y-%m")
        n, ok = by_month.get(key, (0, 0))
        result.append((key, round(100 * ok / n, 1) if n else 0.0, n))
        current = _next_month(current)
    return result


def satisfaction_report(actor: User, *, month: date, by: str = "team") -> Report:
    """The month's satisfaction by ``by`` (team, agent, category, channel), with reasons.

    Supervisors and above. Implements Q-04.
    """
    require(actor, "survey.report")
    if by not in DIMENSIONS:
        raise InvalidInput(
            "invalid_dimension",
            _("Group by team, agent, category or channel."),
            {"by": ", ".join(DIMENSIONS)},
        )
    threshold = SurveySettings.current().satisfied_min_score
    start, end = month_bounds(month)
    responses = SurveyResponse.objects.filter(answered_at__gte=start, answered_at__lt=end)
    rows = _rows(responses, by, threshold)
    totals = responses.aggregate(
        n=Count("pk"), ok=Count("pk", filter=Q(overall__gte=threshold)), avg=Avg("overall")
    )
    total = Row("", _("Total"), totals["n"], totals["ok"], round(float(totals["avg"] or 0), 2))
    comments = list(
        responses.filter(overall__lt=threshold)
        .exclude(comment="")
        .select_related("survey__ticket", "survey__order")
        .order_by("-answered_at")[:COMMENTS_SHOWN]
    )
    return Report(
        month,
        by,
        threshold,
        rows,
        total,
        _reasons(responses, total.responses),
        _trend(month, threshold),
        comments,
    )


# --- exports -------------------------------------------------------------------------------


def _rates(report: Report) -> Table:
    columns = [
        Column("label", str(DIMENSIONS[report.by][1])),
        Column("responses", _("Responses"), "int"),
        Column("satisfied", _("Satisfied"), "int"),
        Column("rate", _("Satisfaction rate (%)"), "decimal"),
        Column("avg", _("Average overall score"), "decimal2"),
    ]
    rows = [
        {
            "label": r.label,
            "responses": r.responses,
            "satisfied": r.satisfied,
            "rate": r.rate,
            "avg": r.avg_overall,
        }
        for r in [*report.rows, report.total]
    ]
    return Table(_("Satisfaction"), columns, rows, key="rates")


def _reason_table(report: Report) -> Table:
    columns = [
        Column("label", _("Dissatisfaction reason")),
        Column("count", _("Responses"), "int"),
        Column("share", _("Share of responses (%)"), "decimal"),
    ]
    rows = [{"label": r.label, "count": r.count, "share": r.share} for r in report.reasons]
    return Table(_("Reasons"), columns, rows, key="reasons")


def _name(report: Report) -> str:
    return f"satisfaction-{report.month:%Y-%m}-{report.by}"


def report_csv(report: Report) -> bytes:
    """The report as CSV in UTF-8 with a BOM, so Excel opens the Chinese right."""
    return reports.to_csv(reports.Report(_name(report), [_rates(report), _reason_table(report)]))


def _actions_table(actions: list[Any]) -> Table:
    columns = [
        Column("title", _("Title")),
        Column("reason", _("Reason addressed")),
        Column("owner", _("Owner")),
        Column("due_on", _("Due on"), "date"),
        Column("done", _("Done")),
    ]
    rows = [
        {
            "title": a.title,
            "reason": a.category_label,
            "owner": a.owner.display_name,
            "due_on": a.due_on,
            "done": timezone.localtime(a.done_at).strftime("%Y-%m-%d") if a.done_at else "",
        }
        for a in actions
    ]
    return Table(_("Improvement actions"), columns, rows, key="actions")


def report_xlsx(report: Report, actions: list[Any]) -> bytes:
    """The report as an Excel workbook: rates, reasons, improvement actions."""
    tables = [_rates(report), _reason_table(report), _actions_table(actions)]
    return reports.to_xlsx(reports.Report(_name(report), tables))
