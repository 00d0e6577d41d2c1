"""The service dashboard (Y-01): response and resolution times by channel, team, agent and
category; deadline compliance per policy; backlog by age; escalations; complaint and
satisfaction rates — for a period beside the period before it, every count a link to the
tickets behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.analytics.durations import DIMENSIONS, Figures, figures_and_total
from kefu.analytics.models import TicketFact
from kefu.analytics.period import Period
from kefu.analytics.permissions import team_scope
from kefu.complaints.models import Complaint
from kefu.core.errors import InvalidInput
from kefu.core.models import Channel, Team, User
from kefu.core.reports import Chart, Column, Report, Table, rate
from kefu.sla.models import Deadline
from kefu.surveys.models import SurveyResponse, SurveySettings
from kefu.tickets.models import Category

DRILL_URL = "/analytics/tickets/"
TITLES = {
    "channel": gettext_lazy("By channel"),
    "team": gettext_lazy("By team"),
    "agent": gettext_lazy("By agent"),
    "category": gettext_lazy("By category"),
}
# Backlog age bands in whole local days since receipt: (first day, last day or None).
AGE_BANDS = ((0, 0), (1, 2), (3, 6), (7, 29), (30, None))


def minutes(whole: int | None) -> float | None:
    return None if whole is None else float(whole)


def hours(whole_minutes: int | None) -> float | None:
    return None if whole_minutes is None else round(whole_minutes / 60, 1)


def drill(period: Period, **filters: Any) -> str:
    """The link to the list of tickets behind a figure."""
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    query.update({k: "" if v is None else v for k, v in filters.items()})
    return f"{DRILL_URL}?{urlencode(query)}"


def _labels(by: str, keys: list[Any]) -> dict[Any, str]:
    if by == "team":
        return {t.pk: t.name for t in Team.objects.filter(pk__in=[k for k in keys if k])}
    if by == "agent":
        users = User.objects.filter(pk__in=[k for k in keys if k])
        return {u.pk: u.display_name for u in users}
    return {str(k): str(v) for k, v in (Channel.choices if by == "channel" else Category.choices)}


def _figure_columns(first: str) -> list[Column]:
    return [
        Column("label", first),
        Column("tickets", _("Tickets"), "int"),
        Column("response_median", _("First response median (min)"), "minutes"),
        Column("response_p90", _("First response p90 (min)"), "minutes"),
        Column("resolution_median", _("Resolution median (h)"), "decimal"),
        Column("resolution_p90", _("Resolution p90 (h)"), "decimal"),
        Column("unresolved", _("Unresolved"), "int"),
        Column("escalated", _("Escalated tickets"), "int"),
        Column("escalation_rate", _("Escalation rate (%)"), "percent"),
    ]


def _figure_row(f: Figures, label: str, period: Period, filters: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": f.key,
        "label": label,
        "tickets": f.tickets,
        "response_median": minutes(f.response_median),
        "response_p90": minutes(f.response_p90),
        "resolution_median": hours(f.resolution_median),
        "resolution_p90": hours(f.resolution_p90),
        "unresolved": f.unresolved,
        "escalated": f.escalated,
        "escalation_rate": rate(f.escalated, f.tickets),
        "links": {
            "tickets": drill(period, **filters),
            "unresolved": drill(period, **filters, unresolved=1),
            "escalated": drill(period, **filters, escalated=1),
        },
    }


def _label(by: str, key: Any, labels: dict[Any, str]) -> str:
    if key in (None, ""):
        return _("Not assigned") if by in ("team", "agent") else _("Not categorized")
    return labels.get(key if by in ("team", "agent") else str(key), str(key))


@dataclass(frozen=True)
class Measured:
    """One period's ticket figures and deadlines, queried once for all the tables."""

    total: Figures
    lines: dict[str, list[Figures]]
    compliance: list[dict[str, Any]]


def measure(period: Period, team_id: int | None, dimensions: Sequence[str]) -> Measured:
    """The figures grouped by each of ``dimensions`` (the total comes with the first)."""
    since, until = period.bounds()
    lines, totals = {}, []
    for by in dimensions:
        lines[by], total = figures_and_total(since, until, by=by, team_id=team_id)
        totals.append(total)
    if not totals:
        totals.append(figures_and_total(since, until, by=None, team_id=team_id)[1])
    return Measured(totals[0], lines, _compliance(period, team_id))


def dimension_table(
    period: Period, by: str, team_id: int | None, lines: list[Figures] | None = None
) -> Table:
    """Tickets received in the period grouped by ``by``, most tickets first."""
    if lines is None:
        lines = measure(period, team_id, [by]).lines[by]
    labels = _labels(by, [f.key for f in lines])
    rows = [_figure_row(f, _label(by, f.key, labels), period, {by: f.key}) for f in lines]
    rows.sort(key=lambda r: (-r["tickets"], r["label"]))
    chart = Chart("bar", "label", ("response_median", "response_p90"))
    return Table(str(TITLES[by]), _figure_columns(str(TITLES[by])), rows, chart, key=by)


def _compliance(period: Period, team_id: int | None) -> list[dict[str, Any]]:
    since, until = period.bounds()
    deadlines = Deadline.objects.filter(
        due_at__gte=since, due_at__lt=until, cancelled_at__isnull=True
    )
    if team_id is not None:
        deadlines = deadlines.filter(team_id=team_id)
    on_time = Q(met_at__isnull=False, met_at__lte=F("due_at"), breached_at__isnull=True)
    late = Q(breached_at__isnull=False) | Q(met_at__gt=F("due_at"))
    grouped = (
        deadlines.values("policy__key", "policy__name")
        .annotate(
            total=Count("pk"), met=Count("pk", filter=on_time), breached=Count("pk", filter=late)
        )
        .order_by("policy__key")
    )
    return [
        {
            "key": g["policy__key"],
            "label": g["policy__name"],
            "due": g["total"],
            "met": g["met"],
            "breached": g["breached"],
            "pending": g["total"] - g["met"] - g["breached"],
            "compliance": rate(g["met"], g["met"] + g["breached"]),
        }
        for g in grouped
    ]


def compliance_table(rows: list[dict[str, Any]]) -> Table:
    """Deadlines falling due in the period, per policy: met on time, breached, still open."""
    columns = [
        Column("label", _("Policy")),
        Column("due", _("Deadlines due"), "int"),
        Column("met", _("Met on time"), "int"),
        Column("breached", _("Breached"), "int"),
        Column("pending", _("Still open"), "int"),
        Column("compliance", _("Compliance (%)"), "percent"),
    ]
    chart = Chart("bar", "label", ("met", "breached"), stack=True, horizontal=True)
    return Table(_("Deadline compliance"), columns, rows, chart, key="compliance")


def _band_bounds(first: int, last: int | None) -> tuple[Any, Any]:
    """The local dates a backlog band covers: received from ``oldest`` to ``newest``."""
    today = timezone.localdate()
    newest = today - timedelta(days=first)
    oldest = today - timedelta(days=last) if last is not None else None
    return oldest, newest


def _band_label(first: int, last: int | None) -> str:
    if last is None:
        return _("%(days)s days and older") % {"days": first}
    if first == last:
        return _("Today") if first == 0 else _("%(days)s days") % {"days": first}
    return _("%(first)s–%(last)s days") % {"first": first, "last": last}


def backlog_table(team_id: int | None) -> Table:
    """Tickets not yet resolved, by how many days ago they came in (today, 1–2 days, …)."""
    tz = timezone.get_current_timezone()
    facts = TicketFact.objects.filter(unresolved=True)
    if team_id is not None:
        facts = facts.filter(team_id=team_id)
    counts: dict[str, Any] = {}
    for n, (first, last) in enumerate(AGE_BANDS):
        oldest, newest = _band_bounds(first, last)
        upto = datetime.combine(newest + timedelta(days=1), time.min, tzinfo=tz)
        q = Q(created_at__lt=upto)
        if oldest is not None:
            q &= Q(created_at__gte=datetime.combine(oldest, time.min, tzinfo=tz))
        counts[f"b{n}"] = Count("pk", filter=q)
    totals = facts.aggregate(**counts)
    rows = []
    for n, (first, last) in enumerate(AGE_BANDS):
        oldest, newest = _band_bounds(first, last)
        query = {"end": newest.isoformat(), "unresolved": 1}
        query["start"] = oldest.isoformat() if oldest else "2000-01-01"
        rows.append(
            {
                "key": n,
                "label": _band_label(first, last),
                "tickets": totals[f"b{n}"],
                "links": {"tickets": f"{DRILL_URL}?{urlencode(query)}"},
            }
        )
    columns = [Column("label", _("Age")), Column("tickets", _("Unresolved tickets"), "int")]
    chart = Chart("bar", "label", ("tickets",))
    return Table(_("Backlog by age"), columns, rows, chart, key="backlog")


def _complaints(period: Period, team_id: int | None) -> int:
    since, until = period.bounds()
    complaints = Complaint.objects.filter(received_at__gte=since, received_at__lt=until)
    if team_id is not None:
        complaints = complaints.filter(team_id=team_id)
    return complaints.count()


def _surveys(period: Period, team_id: int | None) -> tuple[int, int]:
    since, until = period.bounds()
    responses = SurveyResponse.objects.filter(answered_at__gte=since, answered_at__lt=until)
    if team_id is not None:
        responses = responses.filter(survey__team_id=team_id)
    threshold = SurveySettings.current().satisfied_min_score
    counts = responses.aggregate(n=Count("pk"), ok=Count("pk", filter=Q(overall__gte=threshold)))
    return counts["n"], counts["ok"]


def headline(
    period: Period, team_id: int | None, measured: Measured | None = None
) -> dict[str, Any]:
    """The period's headline figures, by name."""
    measured = measured or measure(period, team_id, [])
    total, compliance = measured.total, measured.compliance
    met = sum(c["met"] for c in compliance)
    breached = sum(c["breached"] for c in compliance)
    complaints = _complaints(period, team_id)
    responses, satisfied = _surveys(period, team_id)
    return {
        "tickets": total.tickets,
        "response_median": minutes(total.response_median),
        "response_p90": minutes(total.response_p90),
        "resolution_median": hours(total.resolution_median),
        "resolution_p90": hours(total.resolution_p90),
        "unresolved": total.unresolved,
        "escalated": total.escalated,
        "escalations": total.escalations,
        "escalation_rate": rate(total.escalated, total.tickets),
        "compliance": rate(met, met + breached),
        "breached": breached,
        "complaints": complaints,
        "complaint_rate": rate(complaints, total.tickets),
        "responses": responses,
        "satisfaction_rate": rate(satisfied, responses),
    }


HEADLINE = (
    ("tickets", gettext_lazy("Tickets received")),
    ("response_median", gettext_lazy("First response median (min)")),
    ("response_p90", gettext_lazy("First response p90 (min)")),
    ("resolution_median", gettext_lazy("Resolution median (h)")),
    ("resolution_p90", gettext_lazy("Resolution p90 (h)")),
    ("unresolved", gettext_lazy("Unresolved")),
    ("escalated", gettext_lazy("Escalated tickets")),
    ("escalations", gettext_lazy("Escalations")),
    ("escalation_rate", gettext_lazy("Escalation rate (%)")),
    ("compliance", gettext_lazy("Compliance (%)")),
    ("breached", gettext_lazy("Breached")),
    ("complaints", gettext_lazy("Complaints")),
    ("complaint_rate", gettext_lazy("Complaint rate (%)")),
    ("responses", gettext_lazy("Survey responses")),
    ("satisfaction_rate", gettext_lazy("Satisfaction rate (%)")),
)
LINKED = {"tickets": {}, "unresolved": {"unresolved": 1}, "escalated": {"escalated": 1}}


def _change(now: Any, before: Any) -> Any:
    if now is None or before is None:
        return None
    return (
        round(now - before, 1)
        if isinstance(now, float) or isinstance(before, float)
        else now - before
    )


def headline_table(period: Period, team_id: int | None, measured: Measured | None = None) -> Table:
    """This period's headline figures beside the previous period's."""
    now, before = headline(period, team_id, measured), headline(period.previous(), team_id)
    rows = [
        {
            "key": key,
            "label": str(label),
            "current": now[key],
            "previous": before[key],
            "change": _change(now[key], before[key]),
            "links": {"current": drill(period, **LINKED[key])} if key in LINKED else {},
        }
        for key, label in HEADLINE
    ]
    previous = period.previous()
    columns = [
        Column("label", _("Figure")),
        Column("current", f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}", "number"),
        Column("previous", f"{previous.start:%Y-%m-%d} – {previous.end:%Y-%m-%d}", "number"),
        Column("change", _("Change"), "number"),
    ]
    return Table(_("Headline figures"), columns, rows, key="headline")


def service_report(*, actor: User, period: Period, by: str | None = None) -> Report:
    """The service dashboard of ``period`` as ``actor`` may see it: their team's figures for a
    supervisor, every team's for a manager; grouped by ``by`` (channel, team, agent,
    category), or by each of them when None (the export). Implements Y-01."""
    team_id = team_scope(actor)
    if by is not None and by not in DIMENSIONS:
        raise InvalidInput(
            "invalid_dimension",
            _("Group by channel, team, agent or category."),
            {"by": ", ".join(DIMENSIONS)},
        )
    dimensions = DIMENSIONS if by is None else (by,)
    measured = measure(period, team_id, dimensions)
    tables = [headline_table(period, team_id, measured)]
    tables += [dimension_table(period, d, team_id, measured.lines[d]) for d in dimensions]
    tables += [compliance_table(measured.compliance), backlog_table(team_id)]
    return Report(f"service-{period.start:%Y%m%d}-{period.end:%Y%m%d}", tables)
