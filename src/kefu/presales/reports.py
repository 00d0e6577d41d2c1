"""The pipeline report (S-07, S-08): conversion per stage, per agent per month, objections per
kind, and the lead list as Excel or CSV. Spreadsheet cells never carry a live formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require, visible_to
from kefu.presales.models import FUNNEL, Lead, Objection, ObjectionKind, Stage

EXPORT_MAX = 100_000
MAX_PERIOD_DAYS = 731
# A cell starting with one of these is a formula in Excel (CSV injection): it gets a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class StageRate:
    stage: str
    label: str
    reached: int
    next_reached: int

    @property
    def rate(self) -> float | None:
        """The share of leads that reached this stage and went on to the next, in percent."""
        return round(100 * self.next_reached / self.reached, 1) if self.reached else None


@dataclass(frozen=True)
class AgentMonth:
    month: date
    agent: str
    leads: int
    won: int
    lost: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.won / self.leads, 1) if self.leads else None


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive

    def __post_init__(self) -> None:
        if self.last < self.first or (self.last - self.first).days > MAX_PERIOD_DAYS:
            message = _("Choose a period of at most two years that ends after it starts.")
            raise InvalidInput("invalid_period", message, {"last": message})

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.first, time.min, tzinfo=tz)
        return start, datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=tz)


def _leads(actor: User, period: Period) -> QuerySet[Lead]:
    require(actor, "presales.report")
    start, end = period.bounds()
    return visible_to(actor, Lead.objects.all()).filter(created_at__gte=start, created_at__lt=end)


def stage_conversion(actor: User, period: Period) -> list[StageRate]:
    """For each stage but the last: leads created in the period that reached it, and those
    that reached the next one. Implements S-08."""
    qs = _leads(actor, period)
    counts = qs.aggregate(
        **{f"s{i}": Count("pk", filter=Q(reached__gte=i)) for i in range(len(FUNNEL))}
    )
    return [
        StageRate(stage, str(Stage(stage).label), counts[f"s{i}"], counts[f"s{i + 1}"])
        for i, stage in enumerate(FUNNEL[:-1])
    ]


def agent_months(actor: User, period: Period) -> list[AgentMonth]:
    """Leads created per agent per month, how many were won and lost. Implements S-08."""
    rows = (
        _leads(actor, period)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "owner_id", "owner__username", "owner__first_name")
        .annotate(
            leads=Count("pk"),
            won=Count("pk", filter=Q(stage=Stage.WON)),
            lost=Count("pk", filter=Q(stage=Stage.LOST)),
        )
        .order_by("month", "owner__username")
    )
    return [
        AgentMonth(
            month=_month(r["month"]),
            agent=r["owner__first_name"] or r["owner__username"] or _("Unassigned"),
            leads=r["leads"],
            won=r["won"],
            lost=r["lost"],
        )
        for r in rows
    ]


def _month(value: Any) -> date:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).date().replace(day=1)
            if timezone.is_aware(value)
            else (value.date().replace(day=1))
        )
    return value.replace(day=1)  # type: ignore[no-any-return]


def objection_counts(actor: User, period: Period) -> dict[str, int]:
    """Objections recorded in the period per kind, every kind present. Implements S-07."""
    require(actor, "presales.report")
    start, end = period.bounds()
    leads = visible_to(actor, Lead.objects.all()).values("pk")
    rows = (
        Objection.objects.filter(lead__in=leads, recorded_at__gte=start, recorded_at__lt=end)
        .values("kind")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(ObjectionKind.values, 0)
    counts.update({r["kind"]: r["n"] for r in rows})
    return counts


# --- export -----------------------------------------------------------------------------


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_header() -> list[str]:
    return [
        _("Lead"),
        _("Customer"),
        _("Channel"),
        _("Stage"),
        _("Agent"),
        _("Team"),
        _("Created"),
        _("Stage changed"),
        _("Lost reason"),
        _("Order"),
    ]


def export_rows(leads: QuerySet[Lead]) -> Iterator[list[object]]:
    """One row per lead, in local time, cells made safe; at most ``EXPORT_MAX``."""
    qs = leads.select_related("customer", "owner", "team", "order")[:EXPORT_MAX]
    for row in qs.iterator(chunk_size=2000):
        cells: list[object] = [
            row.pk,
            row.customer.name,
            row.get_channel_display(),
            row.get_stage_display(),
            row.owner.display_name if row.owner else "",
            row.team.name if row.team else "",
            f"{timezone.localtime(row.created_at):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(row.stage_changed_at):%Y-%m-%d %H:%M}",
            row.lost_reason,
            row.order.number if row.order else "",
        ]
        yield [safe_cell(c) for c in cells]


def leads_csv(rows: Iterable[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(export_header())
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read the Chinese as UTF-8


def leads_xlsx(rows: Iterable[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Leads"))
    sheet.append(export_header())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
