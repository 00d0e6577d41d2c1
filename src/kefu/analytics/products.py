"""Product analysis (Y-03): what sells by category and model, how often each product comes
back as a ticket (tickets per 100 units sold), and which products are bought together.

Bought together is counted over the period's orders (the baskets): a pair's support is the
share of baskets holding both, its lift the support divided by what chance would give —
support(a, b) / (support(a) · support(b)); above 1 the two go together more than by chance.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from kefu.analytics.models import TicketFact
from kefu.analytics.period import Period
from kefu.analytics.permissions import team_scope
from kefu.catalog.models import Order, OrderItem, Product
from kefu.core.models import User
from kefu.core.reports import Chart, Column, Report, Table, rate

PAIRS_SHOWN = 20


def _items(period: Period, team_id: int | None) -> QuerySet[OrderItem]:
    since, until = period.bounds()
    items = OrderItem.objects.filter(order__purchased_at__gte=since, order__purchased_at__lt=until)
    return items if team_id is None else items.filter(order__customer__team_id=team_id)


def _tickets(period: Period, team_id: int | None) -> dict[int, int]:
    since, until = period.bounds()
    facts = TicketFact.objects.filter(
        created_at__gte=since, created_at__lt=until, product_id__isnull=False
    )
    if team_id is not None:
        facts = facts.filter(team_id=team_id)
    grouped = facts.values("product_id").annotate(n=Count("pk")).order_by()
    return {g["product_id"]: g["n"] for g in grouped}


def model_rows(period: Period, team_id: int | None) -> list[dict[str, Any]]:
    """Per product: units and orders in the period, tickets about it, tickets per 100 units."""
    grouped = (
        _items(period, team_id)
        .values("product_id", "product__sku", "product__name", "product__category__name")
        .annotate(units=Sum("quantity"), orders=Count("order_id", distinct=True))
        .order_by()
    )
    tickets = _tickets(period, team_id)
    rows = [
        {
            "key": g["product_id"],
            "sku": g["product__sku"],
            "label": g["product__name"],
            "category": g["product__category__name"],
            "units": int(g["units"] or 0),
            "orders": g["orders"],
            "tickets": tickets.get(g["product_id"], 0),
            "problem_rate": rate(tickets.get(g["product_id"], 0), int(g["units"] or 0)),
        }
        for g in grouped
    ]
    sold = {r["key"] for r in rows}
    unsold = Product.objects.filter(pk__in=[p for p in tickets if p not in sold])
    rows += [
        {
            "key": p.pk,
            "sku": p.sku,
            "label": p.name,
            "category": p.category.name,
            "units": 0,
            "orders": 0,
            "tickets": tickets[p.pk],
            "problem_rate": None,
        }
        for p in unsold.select_related("category")
    ]
    rows.sort(key=lambda r: (-r["units"], -r["tickets"], r["sku"]))
    return rows


def model_table(rows: list[dict[str, Any]]) -> Table:
    columns = [
        Column("sku", _("SKU")),
        Column("label", _("Model")),
        Column("category", _("Category")),
        Column("units", _("Units sold"), "int"),
        Column("orders", _("Orders"), "int"),
        Column("tickets", _("Tickets"), "int"),
        Column("problem_rate", _("Tickets per 100 units"), "percent"),
    ]
    chart = Chart("bar", "label", ("units", "tickets"))
    return Table(_("By model"), columns, rows, chart, key="models")


def category_table(rows: list[dict[str, Any]]) -> Table:
    """The models' figures summed per category (units, orders of its models, tickets)."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        total = totals.setdefault(row["category"], {"units": 0, "tickets": 0})
        total["units"] += row["units"]
        total["tickets"] += row["tickets"]
    lines = [
        {
            "key": name,
            "label": name,
            "units": t["units"],
            "tickets": t["tickets"],
            "problem_rate": rate(t["tickets"], t["units"]),
        }
        for name, t in totals.items()
    ]
    lines.sort(key=lambda r: (-r["units"], r["label"]))
    columns = [
        Column("label", _("Category")),
        Column("units", _("Units sold"), "int"),
        Column("tickets", _("Tickets"), "int"),
        Column("problem_rate", _("Tickets per 100 units"), "percent"),
    ]
    return Table(
        _("By category"), columns, lines, Chart("pie", "label", ("units",)), key="categories"
    )


def _pairs(period: Period, team_id: int | None) -> list[tuple[int, int, int]]:
    since, until = (connection.ops.adapt_datetimefield_value(v) for v in period.bounds())
    item, order = OrderItem._meta.db_table, Order._meta.db_table
    customer = "catalog_customer_scope"
    team_join, params = "", [since, until]
    if team_id is not None:
        from kefu.customers.models import Customer

        team_join = f" JOIN {Customer._meta.db_table} {customer} ON {customer}.id = o.customer_id"
        team_join += f" AND {customer}.team_id = %s"
        params = [team_id, since, until]
    sql = (
        "SELECT a.product_id, b.product_id, COUNT(DISTINCT a.order_id) AS n"  # noqa: S608 - names only
        f" FROM {item} a JOIN {item} b ON b.order_id = a.order_id AND a.product_id < b.product_id"
        f" JOIN {order} o ON o.id = a.order_id{team_join}"
        " WHERE o.purchased_at >= %s AND o.purchased_at < %s"
        " GROUP BY a.product_id, b.product_id ORDER BY n DESC, a.product_id, b.product_id"
        f" LIMIT {PAIRS_SHOWN}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(a, b, int(n)) for a, b, n in cursor.fetchall()]


def pairs_table(period: Period, team_id: int | None, rows: list[dict[str, Any]]) -> Table:
    """The pairs bought together most often, with support (%) and lift."""
    baskets = _items(period, team_id).values("order_id").distinct().count()
    orders = {r["key"]: r["orders"] for r in rows}
    names = {r["key"]: r["label"] for r in rows}
    lines = [
        {
            "key": f"{a}-{b}",
            "label": f"{names[a]} + {names[b]}",
            "first": names[a],
            "second": names[b],
            "orders": n,
            "support": rate(n, baskets),
            "lift": round(n * baskets / (orders[a] * orders[b]), 2),
        }
        for a, b, n in _pairs(period, team_id)
    ]
    columns = [
        Column("first", _("Product")),
        Column("second", _("Bought with")),
        Column("orders", _("Orders with both"), "int"),
        Column("support", _("Support (%)"), "percent"),
        Column("lift", _("Lift"), "decimal2"),
    ]
    return Table(_("Bought together"), columns, lines, key="pairs")


def product_report(*, actor: User, period: Period) -> Report:
    """Popularity, problem rate and products bought together in ``period``. Implements Y-03."""
    team_id = team_scope(actor)
    rows = model_rows(period, team_id)
    tables = [category_table(rows), model_table(rows), pairs_table(period, team_id, rows)]
    return Report(f"products-{period.start:%Y%m%d}-{period.end:%Y%m%d}", tables)
