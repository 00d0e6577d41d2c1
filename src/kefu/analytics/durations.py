"""Ticket counts and first-response / resolution percentiles by one dimension, in SQL over
``TicketFact`` (Y-01).

A percentile is the nearest rank over whole minutes: the p-th percentile of n times is the
smallest minute m such that at least p·n/100 of the times are m or less (PERCENTILE_DISC).
The database first counts tickets per (group, minute) — a histogram no longer than the
minutes that occur — then a running SUM over that histogram finds the rank, compared in
integers (running·100 ≥ p·n), so SQLite and PostgreSQL give the same minute.
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
    response_median: int | None  # whole minutes
    response_p90: int | None
    resolved: int
    resolution_median: int | None
    resolution_p90: int | None


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


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts(key: str | None, where: str, params: list[Any]) -> dict[Any, tuple[int, ...]]:
    group = f" GROUP BY {key}" if key else ""
    sql = (
        f"SELECT {key or 'NULL'}, COUNT(*),"  # noqa: S608 - column names from COLUMN, values bound
        " SUM(CASE WHEN unresolved THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN escalations > 0 THEN 1 ELSE 0 END), SUM(escalations),"
        " COUNT(response_seconds), COUNT(resolution_seconds)"
        f" FROM {TicketFact._meta.db_table} WHERE {where}{group}"
    )
    return {line[0]: tuple(int(v or 0) for v in line[1:]) for line in _rows(sql, params)}


def _percentiles(
    key: str | None, metric: str, where: str, params: list[Any]
) -> dict[Any, tuple[int, int]]:
    """Group → (median, p90) of ``metric`` in whole minutes."""
    minute = f"{metric} / 60"
    keyed, group = (f"{key} AS k, ", f"{key}, ") if key else ("NULL AS k, ", "")
    partition = "PARTITION BY k " if key else ""
    sql = (
        f"WITH h AS (SELECT {keyed}{minute} AS v, COUNT(*) AS c"  # noqa: S608 - names only
        f" FROM {TicketFact._meta.db_table} WHERE {where} AND {metric} IS NOT NULL"
        f" GROUP BY {group}{minute}),"
        f" r AS (SELECT k, v, SUM(c) OVER ({partition}ORDER BY v ROWS UNBOUNDED PRECEDING) AS upto,"
        f" SUM(c) OVER ({partition.strip()}) AS n FROM h)"
        " SELECT k, MIN(CASE WHEN upto * 100 >= 50 * n THEN v END),"
        " MIN(CASE WHEN upto * 100 >= 90 * n THEN v END) FROM r GROUP BY k"
    )
    return {line[0]: (int(line[1]), int(line[2])) for line in _rows(sql, params)}


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
    key = COLUMN[by] if by else None
    extra, extra_params = _where(team_id, filters or {})
    bounds = [connection.ops.adapt_datetimefield_value(v) for v in (since, until)]
    where, params = f"created_at >= %s AND created_at < %s{extra}", [*bounds, *extra_params]
    counts = _counts(key, where, params)
    replies = _percentiles(key, "response_seconds", where, params)
    fixes = _percentiles(key, "resolution_seconds", where, params)
    if not counts and by is None:
        return [Figures(None, 0, 0, 0, 0, 0, None, None, 0, None, None)]
    return [
        Figures(
            k,
            n,
            open_,
            up,
            ups,
            answered,
            *replies.get(k, (None, None)),
            done,
            *fixes.get(k, (None, None)),
        )
        for k, (n, open_, up, ups, answered, done) in counts.items()
    ]
