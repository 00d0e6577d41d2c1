"""Build (or find again) the scale data set: people, customers, orders, tickets, the open
tickets' deadlines, events and messages, and the search index of tickets and customers.

A data set is reused while its description file (``var/bench/<db>-<size>.dataset.json``) and
the database agree; ``BENCH_REGENERATE=1`` builds it again.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.utils import timezone

from tests.bench import scale_data as data
from tests.bench.scale_data import Shop, TicketRow, load
from tests.bench.scale_text import PLACES

VERSION = 3  # bump when the generator changes what it writes


def _open(rows: list[TicketRow]) -> list[TicketRow]:
    return [t for t in rows if t.status != "closed"]


def deadlines(rows: list[TicketRow]) -> float:
    from kefu.sla.models import Deadline, Policy

    policy = Policy.objects.get(key="ticket.online.first_response")
    due = [t for t in _open(rows) if t.due_at is not None]
    columns = [
        "kind",
        "policy_id",
        "subject_type",
        "subject_id",
        "owner_id",
        "team_id",
        "started_at",
        "due_at",
        "warn_at",
    ]
    values = (
        (
            policy.key,
            policy.pk,
            "tickets.ticket",
            str(t.id),
            t.assignee_id,
            t.team_id,
            t.created_at,
            t.due_at,
            t.due_at - timedelta(minutes=policy.warn_before_minutes),
        )
        for t in due
    )
    return load(Deadline, columns, values, len(due))


def events(rows: list[TicketRow]) -> float:
    from kefu.core.models import Event

    opened = _open(rows)
    columns = ["name", "subject_type", "subject_id", "payload", "customer_id", "created_at"]
    values = (
        (
            "ticket.received",
            "tickets.ticket",
            str(t.id),
            {"number": t.number, "channel": t.channel},
            t.customer_id,
            t.created_at,
        )
        for t in opened
    )
    return load(Event, columns, values, len(opened))


def messages(rows: list[TicketRow]) -> float:
    from kefu.tickets.models import TicketMessage

    opened = _open(rows)
    columns = ["ticket_id", "direction", "author_id", "body", "channel", "created_at"]

    def values() -> Iterator[tuple]:
        for t in opened:
            yield (t.id, "inbound", None, t.description, t.channel, t.created_at)
            reply = "您好，已收到您的问题，我们正在核实，请稍候。"
            yield (
                t.id,
                "outbound",
                t.assignee_id,
                reply,
                t.channel,
                t.created_at + timedelta(minutes=20),
            )

    return load(TicketMessage, columns, values(), 2 * len(opened))


def _documents(shop: Shop, rows: list[TicketRow]) -> Iterator[object]:
    """Customers then tickets, as their providers describe them (kept in step by hand: the
    providers read one record at a time)."""
    from kefu.search.registry import Document
    from kefu.tickets.handlers import ticket_url

    for n in range(shop.size):
        cid = shop.first_customer + n
        national = f"136{cid:08d}"
        terms = [national, national[-4:]]
        if n % data.ORDER_EVERY == 0:
            terms.append(data.order_number(shop.first_order + n // data.ORDER_EVERY))
        team = shop.customer_team(cid)
        place = " ".join(PLACES[n % len(PLACES)])
        yield Document(
            kind="customer",
            object_id=cid,
            title=data.customer_name(cid),
            body=f"{national[:3]}****{national[-4:]} · {place}",
            url=f"/customers/{cid}/",
            terms=terms,
            keys=[f"team:{team}"],
        )
    for t in rows:
        order = [data.order_number(t.order_id)] if t.order_id else []
        keys = [f"team:{t.team_id}"] + ([f"assignee:{t.assignee_id}"] if t.assignee_id else [])
        yield Document(
            kind="ticket",
            object_id=t.id,
            title=f"{t.number} {data.customer_name(t.customer_id)}",
            body=f"{t.description}\n{t.demand}",
            url=ticket_url(t.number),
            hidden=t.description if t.status != "closed" else "",
            terms=[t.number, *order],
            keys=keys,
        )


def search_index(shop: Shop, rows: list[TicketRow]) -> float:
    from kefu.search.models import SearchDocument
    from kefu.search.services import document_values

    columns = ["kind", "object_id", "title", "body", "url", "tokens", "keys", "updated_at"]

    def values() -> Iterator[tuple]:
        for document in _documents(shop, rows):
            row = document_values(document)  # type: ignore[arg-type]
            yield tuple(row[c] for c in columns)

    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:  # one GIN build after the load is much faster than a million inserts
            cursor.execute("DROP INDEX IF EXISTS search_document_vector")
    seconds = load(SearchDocument, columns, values(), shop.size + len(rows))
    with connection.cursor() as cursor:
        if postgres:
            progress = data.Progress("GIN index", 1)
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(
                "CREATE INDEX search_document_vector ON search_document USING gin (vector)"
            )
            seconds += progress.close()
    return seconds


def analyse() -> float:
    progress = data.Progress("ANALYZE", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    progress.advance(1)
    return progress.close()


def generate(size: int) -> Shop:
    """Write the whole data set; returns its description."""
    from kefu.catalog.models import Order
    from kefu.customers.models import Customer
    from kefu.tickets.models import Ticket

    rng = random.Random(data.SEED)
    team_ids, agents, supervisor = data._people()
    products = data._products()
    shop = Shop(
        size=size,
        team_ids=team_ids,
        agent_ids=agents,
        supervisor_id=supervisor,
        first_customer=data.next_id(Customer),
        first_order=data.next_id(Order),
        first_ticket=data.next_id(Ticket),
        seconds={},
    )
    started = timezone.now()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -400000")
    shop.seconds["customers"] = data.customers(shop, rng)
    shop.seconds["orders"] = data.orders(shop, rng)
    rows = list(data.ticket_rows(shop, rng, products))
    shop.seconds["tickets"] = data.tickets(shop, rows)
    shop.seconds["deadlines"] = deadlines(rows)
    shop.seconds["events"] = events(rows)
    shop.seconds["messages"] = messages(rows)
    shop.seconds["search index"] = search_index(shop, rows)
    shop.seconds["analyze"] = analyse()
    shop.seconds["total"] = (timezone.now() - started).total_seconds()
    return shop


def describe_file(out_dir: Path, label: str) -> Path:
    return out_dir / f"{label}.dataset.json"


def save(shop: Shop, path: Path) -> None:
    document = {"version": VERSION, **asdict(shop)}
    document["agent_ids"] = {str(k): v for k, v in shop.agent_ids.items()}
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")


def found(path: Path, size: int) -> Shop | None:
    """The data set described at ``path`` if the database still holds it."""
    from kefu.search.models import SearchDocument
    from kefu.tickets.models import Ticket

    if not path.exists():
        return None
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.pop("version", None) != VERSION or document.get("size") != size:
        return None
    document["agent_ids"] = {int(k): v for k, v in document["agent_ids"].items()}
    shop = Shop(**document)
    last = shop.first_ticket + size - 1
    if not Ticket.objects.filter(pk=last).exists():
        return None
    if not SearchDocument.objects.filter(kind="ticket", object_id=last).exists():
        return None
    return shop
