"""Campaign effect (Y-04): did the customers we touched buy again, answer happier and complain
less than comparable customers we did not touch, in the same weeks?

Everything is asked of a ``Touch``: a set of touched customer ids, a set of untouched ones to
compare with, and the day of the touch. Each group is measured over the ``days`` before and
the ``days`` from that day on. A callback campaign is one source (``callback_touch``); the
retention app's care rules and outbound campaigns plug in by building a Touch the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.analytics.permissions import team_scope
from kefu.callbacks.models import CallbackCampaign, CallbackTask
from kefu.catalog.models import Order
from kefu.complaints.models import Complaint
from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.core.reports import Chart, Column, Report, Table, rate
from kefu.customers.models import Customer
from kefu.surveys.models import SurveyResponse, SurveySettings

DEFAULT_DAYS = 30
MAX_DAYS = 365


@dataclass(frozen=True)
class Touch:
    """Who was touched, who is the comparison, and when. The querysets yield customer ids."""

    name: str
    touched_on: date
    touched: QuerySet[Any]
    untouched: QuerySet[Any]


def callback_touch(campaign: CallbackCampaign) -> Touch:
    """A callback campaign as a Touch: the customers called back against those of the same
    campaign we did not reach, touched on the day the campaign started."""
    tasks = CallbackTask.objects.filter(campaign=campaign)
    done = tasks.filter(status=CallbackTask.Status.DONE).values("customer_id")
    missed = tasks.exclude(status=CallbackTask.Status.DONE)
    started = campaign.started_at or campaign.created_at
    return Touch(
        campaign.name,
        timezone.localdate(started),
        done,
        missed.values("customer_id"),
    )


def _window(on: date, days: int, after: bool) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = on if after else on - timedelta(days=days)
    first = datetime.combine(start, time.min, tzinfo=tz)
    return first, first + timedelta(days=days)


def _measure(customers: QuerySet[Customer], window: tuple[datetime, datetime]) -> dict[str, Any]:
    since, until = window
    size = customers.count()
    bought = (
        Order.objects.filter(
            customer__in=customers, purchased_at__gte=since, purchased_at__lt=until
        )
        .values("customer_id")
        .distinct()
        .count()
    )
    complained = (
        Complaint.objects.filter(
            customer__in=customers, received_at__gte=since, received_at__lt=until
        )
        .values("customer_id")
        .distinct()
        .count()
    )
    threshold = SurveySettings.current().satisfied_min_score
    answers = SurveyResponse.objects.filter(
        survey__customer__in=customers, answered_at__gte=since, answered_at__lt=until
    ).aggregate(n=Count("pk"), ok=Count("pk", filter=Q(overall__gte=threshold)))
    return {
        "customers": size,
        "bought": bought,
        "repurchase_rate": rate(bought, size),
        "responses": answers["n"],
        "satisfaction_rate": rate(answers["ok"], answers["n"]),
        "complained": complained,
        "complaint_rate": rate(complained, size),
    }


def effect_rows(touch: Touch, *, days: int, team_id: int | None) -> list[dict[str, Any]]:
    """Four lines: touched and untouched, each before and after the touch."""
    groups = (
        ("touched", _("Touched"), touch.touched),
        ("untouched", _("Not touched"), touch.untouched),
    )
    windows = (("before", _("Before"), False), ("after", _("After"), True))
    rows = []
    for group, group_label, ids in groups:
        customers = Customer.objects.filter(pk__in=ids)
        if team_id is not None:
            customers = customers.filter(team_id=team_id)
        for when, when_label, after in windows:
            figures = _measure(customers, _window(touch.touched_on, days, after))
            rows.append(
                {"key": f"{group}-{when}", "label": f"{group_label} · {when_label}", **figures}
            )
    return rows


def effect_report(*, actor: User, touch: Touch, days: int = DEFAULT_DAYS) -> Report:
    """Before/after of the touched group against the untouched, ``days`` each side, for the
    customers ``actor`` may count (a supervisor: their team's). Implements Y-04."""
    team_id = team_scope(actor)
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(
            "invalid_days", _("Choose between 1 and 365 days."), {"days": _("1 to 365")}
        )
    columns = [
        Column("label", _("Group")),
        Column("customers", _("Customers"), "int"),
        Column("repurchase_rate", _("Repurchase rate (%)"), "percent"),
        Column("responses", _("Survey responses"), "int"),
        Column("satisfaction_rate", _("Satisfaction rate (%)"), "percent"),
        Column("complaint_rate", _("Complaint rate (%)"), "percent"),
    ]
    chart = Chart("bar", "label", ("repurchase_rate", "satisfaction_rate", "complaint_rate"))
    table = Table(
        _("Campaign effect"),
        columns,
        effect_rows(touch, days=days, team_id=team_id),
        chart,
        caption=[touch.name, touch.touched_on.isoformat(), _("%(days)s days") % {"days": days}],
        key="effect",
    )
    return Report(f"effect-{touch.touched_on:%Y%m%d}", [table])
