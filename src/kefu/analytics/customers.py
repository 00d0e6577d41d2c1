"""Customer analysis (Y-02): customers by region, age band and gender, member level, and the
period's buyers split into new and returning — counts only, never a person.

The region is the profile's province, or else the area code of a landline number
(+86 10 北京 …); a mobile number says nothing about where its owner lives.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

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


def customers_in_scope(team_id: int | None) -> QuerySet[Customer]:
    customers = Customer.objects.filter(erased_at__isnull=True)
    return customers if team_id is None else customers.filter(team_id=team_id)


def _counted(customers: QuerySet[Customer], expression: Any) -> list[dict[str, Any]]:
    grouped = customers.annotate(k=expression).values("k").annotate(n=Count("pk")).order_by()
    return [{"key": g["k"], "n": g["n"]} for g in grouped]


def region_table(customers: QuerySet[Customer]) -> Table:
    """Customers per province and city, the most first; unknown places last."""
    grouped = (
        customers.annotate(k=region_expression())
        .values("k", "city")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        {
            "key": f"{g['k']}/{g['city']}",
            "province": g["k"] if g["k"] != UNKNOWN else _("Unknown"),
            "city": g["city"],
            "label": " ".join(part for part in (g["k"], g["city"]) if part and part != UNKNOWN)
            or _("Unknown"),
            "customers": g["n"],
            "unknown": g["k"] == UNKNOWN,
        }
        for g in grouped
    ]
    rows.sort(key=lambda r: (r["unknown"], -r["customers"], r["label"]))
    columns = [
        Column("province", _("Province")),
        Column("city", _("City")),
        Column("customers", _("Customers"), "int"),
    ]
    chart = Chart("bar", "label", ("customers",))
    return Table(_("By region"), columns, rows, chart, key="region")


def age_gender_table(customers: QuerySet[Customer]) -> Table:
    """Customers per age band, one column per gender."""
    grouped = (
        customers.annotate(k=age_expression(timezone.localdate()))
        .values("k")
        .annotate(**{g: Count("pk", filter=Q(gender=g)) for g in Gender.values})
        .order_by()
    )
    by_band = {g["k"]: g for g in grouped}
    rows = []
    for label in [*(b[0] for b in AGE_BANDS), UNKNOWN]:
        counts = by_band.get(label, {})
        row = {g: counts.get(g, 0) for g in Gender.values}
        row.update(key=label, label=label if label != UNKNOWN else _("Unknown"))
        row["customers"] = sum(row[g] for g in Gender.values)
        rows.append(row)
    columns = [Column("label", _("Age")), Column("customers", _("Customers"), "int")]
    columns += [Column(value, str(label), "int") for value, label in Gender.choices]
    chart = Chart("bar", "label", tuple(Gender.values), stack=True)
    return Table(_("By age and gender"), columns, rows, chart, key="age")


def level_table(customers: QuerySet[Customer]) -> Table:
    counts = {g["key"]: g["n"] for g in _counted(customers, F("member_level"))}
    rows = [
        {"key": value, "label": str(label), "customers": counts.get(value, 0)}
        for value, label in MemberLevel.choices
    ]
    columns = [Column("label", _("Member level")), Column("customers", _("Customers"), "int")]
    return Table(
        _("By member level"), columns, rows, Chart("pie", "label", ("customers",)), key="level"
    )


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
    new = customers_in_scope(team_id).filter(created_at__gte=since, created_at__lt=until)
    rows = [
        {"key": "new", "label": _("New buyers"), "customers": counts.get(False, 0)},
        {"key": "returning", "label": _("Returning buyers"), "customers": counts.get(True, 0)},
        {"key": "registered", "label": _("New customer profiles"), "customers": new.count()},
    ]
    columns = [Column("label", _("Customers")), Column("customers", _("Customers"), "int")]
    return Table(
        _("New and returning"), columns, rows, Chart("bar", "label", ("customers",)), key="buyers"
    )


def customer_report(*, actor: User, period: Period) -> Report:
    """Who the customers are, for ``actor``'s team (supervisor) or all (manager); counts only.
    Implements Y-02."""
    team_id = team_scope(actor)
    customers = customers_in_scope(team_id)
    tables = [
        region_table(customers),
        age_gender_table(customers),
        level_table(customers),
        buyers_table(period, team_id),
    ]
    return Report(f"customers-{period.start:%Y%m%d}-{period.end:%Y%m%d}", tables)
