"""Ticket counts and first-response / resolution percentiles by one dimension, in one SQL
statement over ``TicketFact`` (Y-01).

A percentile is the nearest rank: the p-th percentile of n values is the value at rank
⌈p·n/100⌉ in ascending order (PERCENTILE_DISC), the median p = 50. Ranks come from
ROW_NUMBER() with NULLs sorted last and the test is in integers (rank·100 ≥ p·n), so SQLite
and PostgreSQL give the same figure to the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from kefu.analytics.models import TicketFact

# The dimensions a dashboard groups by, as columns of TicketFact.
DIMENSIONS = ("channel", "team", "agent", "category")
COLUMN = {"channel": "channel", "team": "team_id", "agent": "agent_id", "category": "category"}
FILTERS = (*COLUMN.values(), "product_id")


@dataclass(frozen=True)
class Figures:
    key: Any
    tickets: int
    unresolved: int
    escalated: int
    escalations: int
    responded: int
    response_median: int | None  # seconds
    response_p90: int | None
    resolved: int
    resolution_median: int | None
    resolution_p90: int | None


def _ranked(metric: str, partition: str) -> str:
    order = f"CASE WHEN {metric} IS NULL THEN 1 ELSE 0 END, {metric}"
    return (
        f"ROW_NUMBER() OVER ({partition} ORDER BY {order}) AS {metric}_rank, "
        f"COUNT({metric}) OVER ({partition}) AS {metric}_n"
    )


def _percentile(metric: str, p: int) -> str:
    return f"MIN(CASE WHEN {metric}_rank * 100 >= {p} * {metric}_n THEN {metric} END)"


def _where(team_id: int | None, filters: dict[str, Any]) -> tuple[str, list[Any]]:
    sql, params = "", []
    if team_id is not None:
        sql, params = " AND team_id = %s", [team_id]
    for column, value in filters.items():
        if column not in FILTERS:
            raise ValueError(column)
        if value is None:
            sql += f" AND {column} IS NULL"
        else:
            sql, params = f"{sql} AND {column} = %s", [*params, value]
    return sql, params


def figures(
    since: datetime,
    until: datetime,
    *,
    by: str | None,
    team_id: int | None,
    filters: dict[str, Any] | None = None,
) -> list[Figures]:
    """The figures of tickets received in [since, until), per value of ``by`` (None: one line
    for all), within ``team_id`` (None: every team) and ``filters`` (column → value)."""
    key = COLUMN[by] if by else "0"
    partition = f"PARTITION BY {key}" if by else ""
    where, params = _where(team_id, filters or {})
    sql = (
        "SELECT k, COUNT(*),"  # noqa: S608 - column names from COLUMN, values bound
        " SUM(CASE WHEN unresolved THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN escalations > 0 THEN 1 ELSE 0 END), SUM(escalations),"
        f" COUNT(response_seconds), {_percentile('response_seconds', 50)},"
        f" {_percentile('response_seconds', 90)},"
        f" COUNT(resolution_seconds), {_percentile('resolution_seconds', 50)},"
        f" {_percentile('resolution_seconds', 90)}"
        f" FROM (SELECT {key} AS k, response_seconds, resolution_seconds, unresolved,"
        f" escalations, {_ranked('response_seconds', partition)},"
        f" {_ranked('resolution_seconds', partition)}"
        f" FROM {TicketFact._meta.db_table}"
        f" WHERE created_at >= %s AND created_at < %s{where}) f GROUP BY k"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, until, *params])
        lines = cursor.fetchall()
    result = [Figures(*[_int(v) for v in line]) for line in lines]
    if by is None and not result:
        return [Figures(0, 0, 0, 0, 0, 0, None, None, 0, None, None)]
    return result


def _int(value: Any) -> Any:
    """PostgreSQL's SUM is a Decimal; every figure here is a whole number."""
    return int(value) if value is not None and not isinstance(value, str) else value
