"""Keeping ``TicketFact`` equal to the tickets: one INSERT … SELECT in the database, for a few
tickets (after their events) or for all of them (the nightly rebuild). Implements Y-01."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from kefu.analytics.models import TicketFact
from kefu.catalog.models import OrderItem
from kefu.tickets.models import Escalation, Status, Ticket

UNRESOLVED = (Status.NEW, Status.DIAGNOSING, Status.SOLUTION_OFFERED, Status.IN_PROGRESS)
COLUMNS = (
    "ticket_id",
    "created_at",
    "channel",
    "category",
    "team_id",
    "agent_id",
    "product_id",
    "response_seconds",
    "resolution_seconds",
    "unresolved",
    "escalations",
)


def seconds_between(later: str, earlier: str) -> str:
    """SQL for whole seconds from ``earlier`` to ``later`` (NULL if either is NULL)."""
    if connection.vendor == "postgresql":
        return f"CAST(ROUND(EXTRACT(EPOCH FROM ({later} - {earlier}))) AS BIGINT)"
    return f"CAST(ROUND((julianday({later}) - julianday({earlier})) * 86400) AS INTEGER)"


def _select(where: str) -> str:
    ticket, item = Ticket._meta.db_table, OrderItem._meta.db_table
    escalation = Escalation._meta.db_table
    unresolved = ", ".join(f"'{s}'" for s in UNRESOLVED)
    return (
        f"SELECT t.id, t.created_at, t.channel, t.category, t.team_id, t.assignee_id,"  # noqa: S608 - table and column names only
        f" i.product_id, {seconds_between('t.first_responded_at', 't.created_at')},"
        f" {seconds_between('t.resolved_at', 't.created_at')},"
        f" CASE WHEN t.status IN ({unresolved}) THEN 1 = 1 ELSE 1 = 0 END,"
        f" (SELECT COUNT(*) FROM {escalation} e WHERE e.ticket_id = t.id)"
        f" FROM {ticket} t LEFT JOIN {item} i ON i.id = t.order_item_id"
        f" WHERE t.status <> '{Status.MERGED}'{where}"
    )


def _insert(where: str, params: Sequence[object]) -> None:
    table = TicketFact._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(COLUMNS)}) {_select(where)}", params)


def refresh_ticket_facts(ticket_ids: Sequence[int]) -> None:
    """Bring the figures of ``ticket_ids`` up to date (a merged ticket drops out)."""
    ids = [int(i) for i in ticket_ids]
    if not ids:
        return
    with transaction.atomic():
        TicketFact.objects.filter(ticket_id__in=ids).delete()
        marks = ", ".join(["%s"] * len(ids))
        _insert(f" AND t.id IN ({marks})", ids)


def rebuild_ticket_facts() -> int:
    """Rebuild the whole table from the tickets; returns how many rows it holds."""
    with transaction.atomic():
        TicketFact.objects.all().delete()
        _insert("", [])
    return TicketFact.objects.count()
