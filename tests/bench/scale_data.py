"""The scale data set of ``make bench``: teams, agents, customers, orders, tickets, deadlines,
events, messages and the search index, written in bulk (COPY on PostgreSQL, executemany on
SQLite) with a progress bar on stderr.

Rows are built in Python from each model's own fields (defaults filled in for the fields a
generator does not set), so models that gain a field with a default keep loading. The search
documents go through the search app's own tokenizer (``services._row``): the index the bench
measures is the index production builds.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from tests.bench.scale_text import (
    DEMANDS,
    GIVEN,
    MODELS,
    PLACES,
    PROBLEMS,
    PRODUCTS,
    SURNAMES,
)

TEAMS = 10
AGENTS_PER_TEAM = 10
OPEN_SHARE = 0.10  # share of tickets still open: the queue the agents work
ORDER_EVERY = 10  # every tenth customer has an order (customers are found by order number)
BATCH = 20_000
DAYS = 365  # tickets spread over the year before yesterday (today's numbers stay free)
SEED = 20260401

OPEN_STATUSES = ["new", "diagnosing", "solution_offered", "in_progress", "resolved"]
CATEGORIES = ["product_quality", "service_process", "customer_usage"]
CHANNELS = ["web", "wechat", "app", "phone", "email"]


# --- progress and bulk writes --------------------------------------------------------------


class Progress:
    """``tickets  [######....]  420,000/1,000,000  12.3 s`` on stderr: rewritten in place on a
    terminal, a line every ten seconds into a log file."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = time.perf_counter()
        self.live = sys.stderr.isatty()
        self._shown = -1.0

    def _show(self, elapsed: float) -> None:
        filled = int(30 * min(self.done, self.total) / self.total)
        bar = "#" * filled + "." * (30 - filled)
        line = f"  {self.label:<18} [{bar}] {self.done:>11,}/{self.total:,}  {elapsed:6.1f} s"
        sys.stderr.write(f"\r{line}" if self.live else f"{line}\n")
        sys.stderr.flush()
        self._shown = elapsed

    def advance(self, count: int) -> None:
        self.done += count
        elapsed = time.perf_counter() - self.started
        if elapsed - self._shown >= (0.5 if self.live else 10.0):
            self._show(elapsed)

    def close(self) -> float:
        elapsed = time.perf_counter() - self.started
        self._show(elapsed)
        if self.live:
            sys.stderr.write("\n")
        return elapsed


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField):
        return json.dumps
    if connection.vendor != "sqlite":
        return lambda value: value
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return lambda value: value


def _default(field: models.Field, now: datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()  # "" for text fields without a default, None when nullable


class Table:
    """Bulk writer for one model: the generator gives ``columns``; the rest are defaults."""

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        now = timezone.now()
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no {unknown}")
        # Fields the generator leaves out take their defaults; an auto id numbers itself.
        rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
        self.table = model._meta.db_table
        self.names = [fields[c].column for c in columns] + [f.column for f in rest]
        self.adapters = [_adapter(fields[c]) for c in columns]
        self.constants = tuple(_adapter(f)(_default(f, now)) for f in rest)
        self.model = model

    def _rows(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        adapters, constants = self.adapters, self.constants
        for row in rows:
            yield tuple(a(v) for a, v in zip(adapters, row, strict=True)) + constants

    def write(self, rows: Iterable[tuple[Any, ...]], progress: Progress) -> None:
        columns = ", ".join(connection.ops.quote_name(n) for n in self.names)
        iterator = self._rows(rows)
        while batch := [row for _n, row in zip(range(BATCH), iterator, strict=False)]:
            with transaction.atomic(), connection.cursor() as cursor:
                raw = cursor.cursor
                if connection.vendor == "postgresql":
                    with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
                else:
                    marks = ", ".join("?" * len(self.names))
                    raw.executemany(f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", batch)
            progress.advance(len(batch))

    def reset_sequence(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                    cursor.execute(sql)


def no_style() -> Any:
    from django.core.management.color import no_style as plain

    return plain()


def load(model: type[models.Model], columns: list[str], rows: Iterable[tuple], total: int) -> float:
    table = Table(model, columns)
    progress = Progress(model._meta.db_table, total)
    table.write(rows, progress)
    table.reset_sequence()
    return progress.close()


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


# --- the shop ------------------------------------------------------------------------------


@dataclass
class Shop:
    """What the generator made, for the measurements: ids and how they were chosen."""

    size: int
    team_ids: list[int]
    agent_ids: dict[int, list[int]]  # team id → agent ids
    supervisor_id: int
    first_customer: int
    first_order: int
    first_ticket: int
    seconds: dict[str, float]

    def customer_team(self, customer_id: int) -> int:
        """Customers are dealt to teams in turn."""
        return self.team_ids[(customer_id - self.first_customer) % len(self.team_ids)]


def _people() -> tuple[list[int], dict[int, list[int]], int]:
    from kefu.core.models import Role, Team, User

    teams = [Team.objects.get_or_create(name=f"售后{n + 1}组")[0] for n in range(TEAMS)]
    agents: dict[int, list[int]] = {}
    for team in teams:
        agents[team.pk] = []
        for n in range(AGENTS_PER_TEAM):
            user, _created = User.objects.get_or_create(
                username=f"bench_agent_{team.pk}_{n}",
                defaults={"role": Role.AGENT, "team": team, "first_name": f"客服{n}"},
            )
            agents[team.pk].append(user.pk)
    supervisor, _created = User.objects.get_or_create(
        username="bench_supervisor", defaults={"role": Role.SUPERVISOR, "team": teams[0]}
    )
    return [t.pk for t in teams], agents, supervisor.pk


def _products() -> list[tuple[int, str]]:
    from kefu.catalog.models import Category, Product

    category, _created = Category.objects.get_or_create(name="数码家电")
    rows = []
    for n, (name, model) in enumerate((p, m) for p in PRODUCTS for m in MODELS):
        product, _created = Product.objects.get_or_create(
            sku=f"BENCH-{n:04d}",
            defaults={"name": f"{name}{model}", "category": category, "price_fen": 9900 + n * 100},
        )
        rows.append((product.pk, product.name))
    return rows


def customer_name(customer_id: int) -> str:
    """A name from the id alone, so tickets can show it without keeping a million names."""
    h = customer_id * 2_654_435_761 % 2**32
    given = GIVEN[h // 7 % len(GIVEN)] + (GIVEN[h // 331 % len(GIVEN)] if h % 3 else "")
    return SURNAMES[h % len(SURNAMES)] + given


def order_number(n: int) -> str:
    return f"DD2025{n:08d}"


def customers(shop: Shop, rng: random.Random) -> float:
    from kefu.customers.models import Customer

    start, now = shop.first_customer, timezone.now()
    columns = ["id", "name", "phone", "province", "city", "team_id", "owner_id", "created_at"]

    def rows() -> Iterator[tuple]:
        for n in range(shop.size):
            cid = start + n
            team = shop.customer_team(cid)
            owner = rng.choice(shop.agent_ids[team]) if n % 3 == 0 else None
            province, city = PLACES[n % len(PLACES)]
            created = now - timedelta(days=DAYS + 1, seconds=(shop.size - n) * 7)
            yield (
                cid,
                customer_name(cid),
                f"+86136{cid:08d}",
                province,
                city,
                team,
                owner,
                created,
            )

    return load(Customer, columns, rows(), shop.size)


def orders(shop: Shop, rng: random.Random) -> float:
    from kefu.catalog.models import Order

    now = timezone.now()
    count = shop.size // ORDER_EVERY
    columns = ["id", "number", "customer_id", "amount_fen", "purchased_at", "created_at"]

    def rows() -> Iterator[tuple]:
        for n in range(count):
            cid = shop.first_customer + n * ORDER_EVERY
            bought = now - timedelta(days=DAYS + 1) + timedelta(seconds=n * 30)
            amount = rng.randrange(5_000, 500_000)
            oid = shop.first_order + n
            yield (oid, order_number(oid), cid, amount, bought, bought)

    return load(Order, columns, rows(), count)


def describe(rng: random.Random, products: list[tuple[int, str]]) -> tuple[str, str]:
    """A ticket's description and demand, clauses joined by Chinese punctuation."""
    clauses = rng.sample(PROBLEMS, rng.choice((1, 2, 2, 3)))
    if rng.random() < 0.5:
        clauses.insert(0, f"我买的{rng.choice(products)[1]}")
    return "，".join(clauses) + "。", rng.choice(DEMANDS)


@dataclass(frozen=True)
class TicketRow:
    id: int
    number: str
    customer_id: int
    order_id: int | None
    description: str
    demand: str
    channel: str
    category: str
    status: str
    assignee_id: int | None
    team_id: int
    created_at: datetime
    due_at: datetime | None


def ticket_rows(
    shop: Shop, rng: random.Random, products: list[tuple[int, str]]
) -> Iterator[TicketRow]:
    """Tickets oldest first, numbered per local day; the newest ``OPEN_SHARE`` mostly open."""
    now = timezone.now()
    first_day = timezone.localdate(now) - timedelta(days=DAYS)
    per_day, sequence, day = shop.size / DAYS, 0, None
    for n in range(shop.size):
        created = timezone.make_aware(
            datetime.combine(first_day + timedelta(days=int(n / per_day)), datetime.min.time())
        ) + timedelta(seconds=int((n % per_day) * 86_000 / per_day))
        local = timezone.localdate(created)
        sequence = sequence + 1 if local == day else 1
        day = local
        cid = shop.first_customer + rng.randrange(shop.size)
        team = shop.customer_team(cid)
        is_open = n >= shop.size * (1 - 2 * OPEN_SHARE) and rng.random() < 0.5
        status = rng.choice(OPEN_STATUSES) if is_open else "closed"
        # Open tickets: a fifth wait unassigned; closed ones were all handled by someone.
        assigned = not is_open or rng.random() < 0.8
        assignee = rng.choice(shop.agent_ids[team]) if assigned else None
        description, demand = describe(rng, products)
        yield TicketRow(
            id=shop.first_ticket + n,
            number=f"T{local:%y%m%d}{sequence:04d}",
            customer_id=cid,
            order_id=shop.first_order + (cid - shop.first_customer) // ORDER_EVERY
            if (cid - shop.first_customer) % ORDER_EVERY == 0
            else None,
            description=description,
            demand=demand,
            channel=rng.choice(CHANNELS),
            category=rng.choice(CATEGORIES),
            status=status,
            assignee_id=assignee,
            team_id=team,
            created_at=created,
            due_at=now + timedelta(minutes=rng.randrange(-600, 4 * 1440))
            if is_open and status != "resolved"
            else None,
        )


def tickets(shop: Shop, rows: list[TicketRow]) -> float:
    from kefu.tickets.models import Ticket

    names = {f.attname for f in Ticket._meta.concrete_fields}
    queue_key = "queue_due_at" in names
    columns = [
        "id",
        "number",
        "customer_id",
        "order_id",
        "description",
        "demand",
        "channel",
        "category",
        "status",
        "assignee_id",
        "team_id",
        "created_at",
        "next_due_at",
        "closed_at",
        "resolved_at",
    ] + (["queue_due_at"] if queue_key else [])
    no_deadline = getattr(__import__("kefu.tickets.models", fromlist=["x"]), "NO_DEADLINE", None)

    def values() -> Iterator[tuple]:
        for t in rows:
            closed = t.created_at + timedelta(days=2) if t.status == "closed" else None
            row = (
                t.id,
                t.number,
                t.customer_id,
                t.order_id,
                t.description,
                t.demand,
                t.channel,
                t.category,
                t.status,
                t.assignee_id,
                t.team_id,
                t.created_at,
                t.due_at,
                closed,
                closed,
            )
            if queue_key:
                row += ((t.due_at or no_deadline) if t.status != "closed" else None,)
            yield row

    return load(Ticket, columns, values(), len(rows))
