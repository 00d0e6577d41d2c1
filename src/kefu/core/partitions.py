"""Monthly range partitions on PostgreSQL, for the append-only tables at 100M rows (events,
audit; docs/scaling.md): a month is one partition, created ahead of time, detached and
archived as a whole when it falls out of retention. Nothing here runs on SQLite.
"""

from __future__ import annotations

from datetime import date

from django.db import connection


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def partition_name(table: str, month: date) -> str:
    return f"{table}_{month:%Y%m}"


def create_monthly_partitions(table: str, first: date, months: int) -> list[str]:
    """Create the partitions of ``table`` (PARTITION BY RANGE on a timestamp) for ``months``
    months from ``first``; existing ones are kept. Returns their names."""
    quote = connection.ops.quote_name
    names = []
    month = month_start(first)
    with connection.cursor() as cursor:
        for _n in range(months):
            name = partition_name(table, month)
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {quote(name)} PARTITION OF {quote(table)}"
                " FOR VALUES FROM (%s) TO (%s)",
                [month.isoformat(), next_month(month).isoformat()],
            )
            names.append(name)
            month = next_month(month)
    return names


def detach_month(table: str, month: date) -> str:
    """Detach one month from ``table``: its rows leave the live table at once (no DELETE), and
    the detached table can be dumped and dropped. Returns its name."""
    quote = connection.ops.quote_name
    name = partition_name(table, month_start(month))
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {quote(table)} DETACH PARTITION {quote(name)}")
    return name
