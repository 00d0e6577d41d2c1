"""Customer analysis (Y-02): customers by region, age band and gender, member level, and the
period's buyers split into new and returning — counts only, never a person. The profile
counts come from ``CustomerSegment`` (rebuilt hourly by ``rebuild_customer_segments``).

The region is the profile's province, or else the area code of a landline number
(+86 10 北京 …); a mobile number says nothing about where its owner lives.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.analytics.models import CustomerSegment
from kefu.analytics.period import Period
from kefu.analytics.permissions import team_scope
from kefu.catalog.models import Order
from kefu.core.models import User
from kefu.core.reports import Chart, Column, Report, Table
from kefu.customers.models import Customer, Gender, MemberLevel

# Area codes of the municipalities and provincial capitals (固定电话区号) → province.
AREA_CODES = {
    "10": "北京",
    "21": "上海",
    "22": "天津",
    "23": "重庆",
    "20": "广东",
    "755": "广东",
    "25": "江苏",
    "571": "浙江",
    "27": "湖北",
    "28": "四川",
    "29": "陕西",
    "24": "辽宁",
    "531": "山东",
    "371": "河南",
    "731": "湖南",
    "591": "福建",
}
# Age bands as (label, youngest, oldest) in whole years; None: open-ended.
AGE_BANDS = (
    ("<18", None, 17),
    ("18–24", 18, 24),
    ("25–34", 25, 34),
    ("35–44", 35, 44),
    ("45–54", 45, 54),
    ("55+", 55, None),
)
UNKNOWN = "?"


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def region_expression() -> Case:
    """The province: from the profile, else from a landline's area code, else unknown."""
    landlines = [
        When(phone__startswith=f"+86{code}", then=Value(province))
        for code, province in sorted(AREA_CODES.items(), key=lambda kv: -len(kv[0]))
    ]
    return Case(
        When(~Q(province=""), then="province"),
        *landlines,
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def age_expression(today: date) -> Case:
    """The age band of the birthday on ``today``."""
    bands = []
    for label, youngest, oldest in AGE_BANDS:
        q = Q(birthday__isnull=False)
        if youngest is not None:  # born on or before the day they turned ``youngest``
            q &= Q(birthday__lte=_years_ago(today, youngest))
        if oldest is not None:  # and after the day they would turn ``oldest + 1``
            q &= Q(birthday__gt=_years_ago(today, oldest + 1))
        bands.append(When(q, then=Value(label)))
    return Case(*bands, default=Value(UNKNOWN), output_field=CharField())


def rebuild_customer_segments() -> int:
    """Count the customers again per team, place, gender, level and age band, in one
    INSERT … SELECT; returns the number of segments."""
    grouped = (
        Customer.objects.filter(erased_at__isnull=True)
        .annotate(k_region=region_expression(), k_age=age_expression(timezone.localdate()))
        .values("team_id", "k_region", "city", "gender", "member_level", "k_age")
        .annotate(n=Count("pk"))
        .order_by()
    )
    select, params = grouped.query.sql_with_params()
    columns = "team_id, region, city, gender, member_level, age_band, customers"
    with transaction.atomic():
        CustomerSegment.objects.all().delete()
        with connection.cursor() as cursor:
            table = CustomerSegment._meta.db_table
            cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
    return CustomerSegment.objects.count()


def _segments(team_id: int | None) -> QuerySet[CustomerSegment]:
    segments = CustomerSegment.objects.all()
    return segments if team_id is None else segments.filter(team_id=team_id)


def region_table(segments: QuerySet[CustomerSegment]) -> Table:
    """Customers per province and city, the most first; unknown places last."""
    grouped = segments.values("region", "city").annotate(n=Sum("customers")).order_by()
    rows = []
    for g in grouped:
        known = g["region"] != UNKNOWN
        parts = [part for part in (g["region"] if known else "", g["city"]) if part]
        rows.append(
            {
                "key": f"{g['region']}/{g['city']}",
                "province": g["region"] if known else _("Unknown"),
                "city": g["city"],
                "label": " ".join(parts) or _("Unknown"),
                "customers": g["n"],
                "unknown": not known,
            }
        )
    rows.sort(key=lambda r: (r["unknown"], -r["customers"], r["label"]))
    columns = [
        Column("province", _("Province")),
        Column("city", _("City")),
        Column("customers", _("Customers"), "int"),
    ]
    chart = Chart("bar", "label", ("customers",))
    return Table(_("By region"), columns, rows, chart, key="region")


def age_gender_table(segments: QuerySet[CustomerSegment]) -> Table:
    """Customers per age band, one column per gender."""
    grouped = segments.values("age_band", "gender").annotate(n=Sum("customers")).order_by()
    counts = {(g["age_band"], g["gender"]): g["n"] for g in grouped}
    rows = []
    for label in [*(b[0] for b in AGE_BANDS), UNKNOWN]:
        row: dict[str, Any] = {g: counts.get((label, g), 0) for g in Gender.values}
        row.update(key=label, label=label if label != UNKNOWN else _("Unknown"))
        row["customers"] = sum(row[g] for g in Gender.values)
        rows.append(row)
    columns = [Column("label", _("Age")), Column("customers", _("Customers"), "int")]
    columns += [Column(value, str(label), "int") for value, label in Gender.choices]
    chart = Chart("bar", "label", tuple(Gender.values), stack=True)
    return Table(_("By age and gender"), columns, rows, chart, key="age")


def level_table(segments: QuerySet[CustomerSegment]) -> Table:
    grouped = segments.values("member_level").annotate(n=Sum("customers")).order_by()
    counts = {g["member_level"]: g["n"] for g in grouped}
    rows = [
        {"key": value, "label": str(label), "customers": counts.get(value, 0)}
        for value, label in MemberLevel.choices
    ]
    columns = [Column("label", _("Member level")), Column("customers", _("Customers"), "int")]
    chart = Chart("pie", "label", ("customers",))
    return Table(_("By member level"), columns, rows, chart, key="level")


def buyers_table(period: Period, team_id: int | None) -> Table:
    """Customers who bought in the period: first purchase ever (new) or bought before."""
    since, until = period.bounds()
    orders = Order.objects.filter(purchased_at__gte=since, purchased_at__lt=until)
    if team_id is not None:
        orders = orders.filter(customer__team_id=team_id)
    earlier = Order.objects.filter(customer_id=OuterRef("customer_id"), purchased_at__lt=since)
    grouped = (
        orders.annotate(returning=Exists(earlier))
        .values("returning")
        .annotate(n=Count("customer_id", distinct=True))
        .order_by()
    )
    counts = {bool(g["returning"]): g["n"] for g in grouped}
    rows = [
        {"key": "new", "label": _("New buyers"), "customers": counts.get(False, 0)},
        {"key": "returning", "label": _("Returning buyers"), "customers": counts.get(True, 0)},
    ]
    columns = [Column("label", _("Buyers")), Column("customers", _("Customers"), "int")]
    chart = Chart("pie", "label", ("customers",))
    return Table(_("New and returning"), columns, rows, chart, key="buyers")


def customer_report(*, actor: User, period: Period) -> Report:
    """Who the customers are (as of the last hourly count), for ``actor``'s team (supervisor)
    or all (manager), and the period's new and returning buyers; counts only. Implements Y-02."""
    team_id = team_scope(actor)
    segments = _segments(team_id)
    tables = [
        region_table(segments),
        age_gender_table(segments),
        level_table(segments),
        buyers_table(period, team_id),
    ]
    return Report(f"customers-{period.start:%Y%m%d}-{period.end:%Y%m%d}", tables)
