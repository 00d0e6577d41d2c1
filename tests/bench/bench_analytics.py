"""The analytics dashboards at scale: ``python -m tests.bench.bench_analytics --db sqlite``.

Reuses the scale benchmark's generator (teams, agents, customers, orders, tickets, the open
tickets' deadlines) in a database of its own (``var/bench/analytics-<size>.sqlite3`` or
``kefu_bench_analytics_<size>``), adds first replies (1–240 minutes), 1–3 order items per
order and an escalation on every 50th ticket, rebuilds the ticket figures, then times every
analytics page (p50/p95 over the Django test client) and checks the dashboard's totals against
a plain recount. Registered as the scenario ``analytics.dashboards`` (SQLite, and PostgreSQL
when ``KEFU_TEST_POSTGRES_URL`` is set).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tests.bench.registry import scenario

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "var" / "bench"
SAMPLES = 20
PAGES = (
    ("service dashboard by channel, manager", "/analytics/", "manager"),
    ("service dashboard by agent, manager", "/analytics/?by=agent", "manager"),
    ("service dashboard by team, supervisor", "/analytics/?by=team", "supervisor"),
    ("service dashboard, the year so far, manager", "/analytics/?start={q0}&end={q1}", "manager"),
    ("customer analysis, manager", "/analytics/customers/", "manager"),
    ("product analysis, manager", "/analytics/products/", "manager"),
    ("drill-down: web tickets, page 1", "/analytics/tickets/?channel=web", "manager"),
    ("service dashboard as Excel, manager", "/analytics/service/export.xlsx", "manager"),
)


def database_url(db: str, size: int) -> str:
    if db == "sqlite":
        return f"sqlite:///{OUT_DIR / f'analytics-{size}.sqlite3'}"
    base = os.environ.get("KEFU_TEST_POSTGRES_URL") or os.environ.get("KEFU_DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("KEFU_TEST_POSTGRES_URL is not set: no PostgreSQL to measure.")
    return urlunsplit(urlsplit(base)._replace(path=f"/kefu_bench_analytics_{size}"))


def _described(db: str, size: int) -> Path:
    return OUT_DIR / f"analytics-{db}-{size}.dataset.json"


def _setup(db: str, size: int) -> bool:
    """Point Django at the data set's database; True if the data set is there to reuse."""
    from tests.bench import scale

    url = database_url(db, size)
    reuse = _described(db, size).exists() and os.environ.get("BENCH_REGENERATE") != "1"
    (scale._prepare_sqlite if db == "sqlite" else scale._prepare_postgres)(url, not reuse)
    os.environ["KEFU_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    os.environ.setdefault("KEFU_VAR_DIR", str(OUT_DIR))
    os.environ.setdefault("KEFU_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return reuse


def _reused(db: str, size: int) -> Any:
    from dataclasses import fields

    from kefu.analytics.models import TicketFact
    from tests.bench.scale_data import Shop

    document = json.loads(_described(db, size).read_text(encoding="utf-8"))
    document["agent_ids"] = {int(k): v for k, v in document["agent_ids"].items()}
    shop = Shop(**{f.name: document[f.name] for f in fields(Shop)})
    if not TicketFact.objects.filter(ticket_id=shop.first_ticket + size - 1).exists():
        raise SystemExit(f"{_described(db, size)} describes data the database no longer holds")
    return shop


def _extras(shop: Any, rng: random.Random) -> dict[str, float]:
    """First replies, order items and escalations the scale generator does not write."""
    from django.db import connection

    from kefu.catalog.models import Order, OrderItem, Product
    from kefu.tickets.models import Escalation, Ticket
    from tests.bench.scale_data import load

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    interval = (
        "created_at + (1 + id %% 240) * INTERVAL '1 minute'"
        if connection.vendor == "postgresql"
        else "datetime(created_at, '+' || (1 + id %% 240) || ' minutes')"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Ticket._meta.db_table} SET first_responded_at = {interval}", [])
    seconds["first replies"] = time.perf_counter() - started
    products = list(Product.objects.values_list("pk", "price_fen"))
    orders = list(Order.objects.values_list("pk", flat=True))
    items = [
        (oid, pid, 1, price)
        for oid in orders
        for pid, price in rng.sample(products, rng.choice((1, 1, 2, 2, 3)))
    ]
    columns = ["order_id", "product_id", "quantity", "unit_price_fen"]
    seconds["order items"] = load(OrderItem, columns, items, len(items))
    escalated = range(shop.first_ticket, shop.first_ticket + shop.size, 50)
    rows = ((t, "supervisor", "客户要求主管处理") for t in escalated)
    seconds["escalations"] = load(
        Escalation, ["ticket_id", "target", "reason"], rows, len(escalated)
    )
    return seconds


def _generate(size: int) -> tuple[Any, dict[str, float]]:
    from django.core.management import call_command

    from kefu.analytics.facts import rebuild_ticket_facts
    from kefu.catalog.models import Order
    from kefu.customers.models import Customer
    from kefu.tickets.models import Ticket
    from tests.bench import scale_data as data
    from tests.bench import scale_dataset

    call_command("migrate", verbosity=0)
    rng = random.Random(data.SEED)
    team_ids, agents, supervisor = data._people()
    shop = data.Shop(
        size,
        team_ids,
        agents,
        supervisor,
        data.next_id(Customer),
        data.next_id(Order),
        data.next_id(Ticket),
        {},
    )
    products = data._products()
    seconds = {"customers": data.customers(shop, rng), "orders": data.orders(shop, rng)}
    rows = list(data.ticket_rows(shop, rng, products))
    seconds["tickets"] = data.tickets(shop, rows)
    seconds["deadlines"] = scale_dataset.deadlines(rows)
    seconds.update(_extras(shop, rng))
    started = time.perf_counter()
    rebuild_ticket_facts()
    seconds["ticket figures rebuild"] = time.perf_counter() - started
    return shop, seconds


def _recount_matches() -> bool:
    """The dashboard's total for the last 30 days equals a count of the tickets themselves."""
    from kefu.analytics.durations import figures
    from kefu.analytics.period import parse_period
    from kefu.tickets.models import Ticket

    since, until = parse_period(None, None).bounds()
    total = figures(since, until, by=None, team_id=None)[0]
    tickets = Ticket.objects.filter(created_at__gte=since, created_at__lt=until).exclude(
        status="merged"
    )
    return (
        total.tickets == tickets.count()
        and total.responded == tickets.filter(first_responded_at__isnull=False).count()
    )


def _measure(shop: Any) -> list[dict[str, Any]]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from kefu.core.models import Role
    from tests.bench.scale_measure import timed

    manager, _created = get_user_model().objects.get_or_create(
        username="bench_manager", defaults={"role": Role.MANAGER}
    )
    clients = {"manager": Client(), "supervisor": Client()}
    clients["manager"].force_login(manager)
    clients["supervisor"].force_login(get_user_model().objects.get(pk=shop.supervisor_id))
    today = timezone.localdate()
    q0, q1 = today.replace(month=1, day=1), today
    results = []
    for label, url, who in PAGES:
        path = url.format(q0=q0.isoformat(), q1=q1.isoformat())
        results.append(
            timed(
                label,
                lambda _i, c=clients[who], p=path: c.get(p).status_code == 200,
                samples=SAMPLES,
            )
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "100000")))
    args = parser.parse_args(argv)
    if _setup(args.db, args.size):
        shop, seconds = _reused(args.db, args.size), {}
    else:
        shop, seconds = _generate(args.size)
        document = {**shop.__dict__, "agent_ids": {str(k): v for k, v in shop.agent_ids.items()}}
        _described(args.db, args.size).write_text(json.dumps(document), encoding="utf-8")
    load_before = os.getloadavg()[0]
    pages = _measure(shop)
    report = {
        "database": args.db,
        "size": args.size,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "generation_seconds": {k: round(v, 1) for k, v in seconds.items()},
        "recount_matches": _recount_matches(),
        "pages": pages,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"analytics-{args.db}-{args.size}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render(report))
    return 0


def render(report: dict[str, Any]) -> str:
    lines = [
        f"\nanalytics on {report['database']} at {report['size']:,} tickets "
        f"(recount matches: {report['recount_matches']}, load {report['load_average']})"
    ]
    lines += [
        f"  {p['what']:<48} p50 {p['p50_ms']:8.1f} ms  p95 {p['p95_ms']:8.1f} ms"
        f"{'  FAILED ' + p['error'] if p['failures'] else ''}"
        for p in report["pages"]
    ]
    return "\n".join(lines)


def _run(db: str, size: int) -> str:
    command = [sys.executable, "-m", "tests.bench.bench_analytics", "--db", db, "--size", str(size)]
    env = {k: v for k, v in os.environ.items() if k != "KEFU_DATABASE_URL"}
    finished = subprocess.run(
        command, cwd=ROOT, env=env, check=False, capture_output=True, text=True
    )
    sys.stderr.write(finished.stderr)
    return finished.stdout


@scenario("analytics", "dashboards", "every analytics page, p50/p95, at BENCH_SIZE tickets")
def dashboards(size: int) -> str:
    tables = [_run("sqlite", size)]
    if os.environ.get("KEFU_TEST_POSTGRES_URL"):
        tables.append(_run("postgres", size))
    return "\n".join(tables)


if __name__ == "__main__":
    sys.exit(main())
