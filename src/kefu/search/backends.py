"""The two ways the database finds documents: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.

Both answer the same question — the ids of documents holding every query term and one of the
user's visibility keys, newest first — with the index alone; ranking and reading the rows is
plain SQL shared by both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

TABLE = "search_document"
WINDOW = 100_000  # the newest documents searched first


@dataclass(frozen=True)
class Match:
    """Documents with all ``terms`` and at least one of ``keys`` (index tokens, see registry)."""

    terms: tuple[str, ...]
    keys: tuple[str, ...]


def _fts5(match: Match) -> tuple[str, list[object]]:
    # Tokens are \w+ only (text.py) and keys [a-z0-9_]: quoting each is all the escaping needed.
    words = " AND ".join(f'"{t}"' for t in match.terms)
    keys = " OR ".join(f'"{k}"' for k in match.keys)
    expression = f"{{tokens}} : ({words}) AND {{keys}} : ({keys})"
    return "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s", [expression]


def _tsquery(match: Match) -> tuple[str, list[object]]:
    words = " & ".join(f"'{t}'" for t in match.terms)
    keys = " | ".join(f"'@{k}'" for k in match.keys)
    query = f"{words} & ({keys})"
    return f"SELECT id FROM {TABLE} WHERE vector @@ %s::tsquery", [query]  # noqa: S608 - constant


def _matching(match: Match) -> tuple[str, list[object]]:
    return _tsquery(match) if connection.vendor == "postgresql" else _fts5(match)


def _last_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {TABLE}")  # noqa: S608 - constant
        return cursor.fetchone()[0] or 0


def _newest(match: Match, *, below: int, above: int | None, limit: int) -> list[int]:
    sql, params = _matching(match)
    column = "id" if connection.vendor == "postgresql" else "rowid"
    sql += f" AND {column} < %s"
    params.append(below)
    if above is not None:
        sql += f" AND {column} > %s"
        params.append(above)
    sql += f" ORDER BY {column} DESC LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [row[0] for row in cursor.fetchall()]


def newest_ids(
    match: Match, *, limit: int, offset: int = 0, before: int | None = None
) -> list[int]:
    """Ids of matching documents, newest first, read from the full-text index.

    The newest ``WINDOW`` documents are asked first: a common word is found there and the
    database reads no further, whichever way its planner goes (walking the id index backwards
    or intersecting the GIN lists); only words too rare to fill the page look further back.
    """
    wanted = limit + offset
    top = before if before is not None else _last_id() + 1
    floor = max(0, top - WINDOW)
    ids = _newest(match, below=top, above=floor, limit=wanted)
    if len(ids) < wanted and floor > 0:
        ids += _newest(match, below=floor + 1, above=None, limit=wanted - len(ids))
    return ids[offset:]


def all_matching_ids(match: Match) -> set[int]:
    """Every matching id (for recall checks in tests and benchmarks, not for pages)."""
    sql, params = _matching(match)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


COLUMNS = ("id", "kind", "object_id", "title", "body", "url")


def _score(terms: Sequence[str]) -> tuple[str, list[object]]:
    """How often the terms occur: (length − length without ' term ') / length of ' term '."""
    parts, params = [], []
    for term in terms:
        parts.append("(LENGTH(tokens) - LENGTH(REPLACE(tokens, %s, ''))) / %s")
        params += [f" {term} ", len(term) + 2]
    return " + ".join(parts) or "0", params


def ranked_rows(
    ids: Sequence[int], terms: Sequence[str], *, limit: int, offset: int
) -> list[dict[str, object]]:
    """The rows ``ids``, most occurrences of ``terms`` first, then newest first."""
    if not ids:
        return []
    score, params = _score(terms)
    marks = ", ".join(["%s"] * len(ids))
    # Only placeholders are interpolated; every value travels as a parameter.
    sql = (
        f"SELECT {', '.join(COLUMNS)}, {score} AS score FROM {TABLE} "  # noqa: S608
        f"WHERE id IN ({marks}) ORDER BY score DESC, id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids, limit, offset])
        names = [*COLUMNS, "score"]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def optimise() -> None:
    """Merge the index after a bulk load (FTS5 segments; PostgreSQL statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {TABLE}")
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
