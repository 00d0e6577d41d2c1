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
TOTAL = "__total__"  # the key of the line for all groups together


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


def _histograms(key: str | None, metric: str, where: str) -> str:
    """SQL of ``g(total, k, v, c)``: tickets per group and minute, and (total = 1) per minute
    over all groups — one scan of the figures serves both."""
    table, minute = TicketFact._meta.db_table, f"{metric} / 60"
    if key is None:
        return (
            f"g AS (SELECT 1 AS total, NULL AS k, {minute} AS v, COUNT(*) AS c"  # noqa: S608
            f" FROM {table} WHERE {where} AND {metric} IS NOT NULL GROUP BY {minute})"
        )
    return (
        f"h AS (SELECT {key} AS k, {minute} AS v, COUNT(*) AS c"  # noqa: S608 - names only
        f" FROM {table} WHERE {where} AND {metric} IS NOT NULL GROUP BY {key}, {minute}),"
        " g AS (SELECT 0 AS total, k, v, c FROM h"
        " UNION ALL SELECT 1, NULL, v, SUM(c) FROM h GROUP BY v)"
    )


def _percentiles(
    key: str | None, metric: str, where: str, params: list[Any]
) -> dict[Any, tuple[int, int]]:
    """Group → (median, p90) of ``metric`` in whole minutes; ``TOTAL`` → those of all groups."""
    window = "PARTITION BY total, k"
    sql = (
        f"WITH {_histograms(key, metric, where)},"  # noqa: S608 - names only
        f" r AS (SELECT total, k, v, SUM(c) OVER ({window} ORDER BY v ROWS UNBOUNDED PRECEDING)"
        f" AS upto, SUM(c) OVER ({window}) AS n FROM g)"
        " SELECT total, k, MIN(CASE WHEN upto * 100 >= 50 * n THEN v END),"
        " MIN(CASE WHEN upto * 100 >= 90 * n THEN v END) FROM r GROUP BY total, k"
    )
    return {
        TOTAL if total else k: (int(median), int(p90))
        for total, k, median, p90 in _rows(sql, params)
    }


def _line(key: Any, counts: tuple[int, ...], replies: dict, fixes: dict) -> Figures:
    n, unresolved, escalated, escalations, responded, resolved = counts
    return Figures(
        key,
        n,
        unresolved,
        escalated,
        escalations,
        responded,
        *replies.get(key, (None, None)),
        resolved,
        *fixes.get(key, (None, None)),
    )


def figures_and_total(
    since: datetime,
    until: datetime,
    *,
    by: str | None,
    team_id: int | None,
    filters: dict[str, Any] | None = None,
) -> tuple[list[Figures], Figures]:
    """The figures of tickets received in [since, until) per value of ``by`` (None: no
    groups), and those of all of them, within ``team_id`` (None: every team) and ``filters``
    (column → value)."""
    key = COLUMN[by] if by else None
    extra, extra_params = _where(team_id, filters or {})
    bounds = [connection.ops.adapt_datetimefield_value(v) for v in (since, until)]
    where, params = f"created_at >= %s AND created_at < %s{extra}", [*bounds, *extra_params]
    counts = _counts(key, where, params)
    replies = _percentiles(key, "response_seconds", where, params)
    fixes = _percentiles(key, "resolution_seconds", where, params)
    # The total's counts are sums of the groups' (a handful of aggregated lines).
    sums = tuple(sum(line[i] for line in counts.values()) for i in range(6))
    total = _line(TOTAL, sums, replies, fixes)
    lines = [_line(k, c, replies, fixes) for k, c in counts.items()] if key else []
    return lines, total


def figures(
    since: datetime,
    until: datetime,
    *,
    by: str | None,
    team_id: int | None,
    filters: dict[str, Any] | None = None,
) -> list[Figures]:
    """The figures per value of ``by``, or one line for all tickets when ``by`` is None."""
    lines, total = figures_and_total(since, until, by=by, team_id=team_id, filters=filters)
    return lines if by else [total]
