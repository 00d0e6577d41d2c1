"""Index rows written in bulk: a reindex batch into the shadow table, a change mirrored there.

Rows are ``services.COLUMNS`` tuples. A batch keeps the ids its records have in the live index
(new records get fresh ids from the live counter), is one ``executemany`` on SQLite and one
``COPY`` on PostgreSQL, and never overwrites a row that an incremental change already put in
the shadow: that one was read later, so it is the fresher.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

from kefu.search import shadow
from kefu.search.shadow import LIVE, SHADOW

Row = tuple[object, ...]  # services.COLUMNS
NAMES = ", ".join(shadow.COLUMNS)
UPSERT = ", ".join(f"{c} = excluded.{c}" for c in shadow.COLUMNS[3:])


def _now() -> object:
    now = timezone.now()
    return connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now


def _ids(table: str, kind: str, object_ids: Sequence[int]) -> dict[int, int]:
    """object id → document id of the ``kind`` rows of ``table`` among ``object_ids``."""
    if not object_ids:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT object_id, id FROM {table} WHERE kind = %s AND object_id = ANY(%s)",  # noqa: S608
                [kind, list(object_ids)],
            )
        else:
            marks = ", ".join(["%s"] * len(object_ids))
            cursor.execute(
                f"SELECT object_id, id FROM {table} WHERE kind = %s AND object_id IN ({marks})",  # noqa: S608
                [kind, *object_ids],
            )
        return dict(cursor.fetchall())


def _with_ids(rows: Sequence[Row], stamp: object) -> list[Row]:
    """``rows`` (all of one kind) as shadow rows: id first, the indexing time last."""
    kind = str(rows[0][0])
    known = _ids(LIVE, kind, [int(r[1]) for r in rows])  # type: ignore[call-overload]
    fresh = iter(shadow.reserve_ids(sum(1 for r in rows if r[1] not in known)))
    return [(known[r[1]] if r[1] in known else next(fresh), *r, stamp) for r in rows]  # type: ignore[index]


def write_batch(rows: Sequence[Row]) -> int:
    """Add a reindex batch (rows of one kind, distinct records) to the shadow; call in a
    transaction. Returns how many rows were added."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _copy(rows)
    values = _with_ids(rows, _now())
    marks = ", ".join(["%s"] * len(shadow.COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT OR IGNORE INTO {SHADOW} ({NAMES}) VALUES ({marks})",  # noqa: S608 - constant
            values,
        )
    return len(values)


def _copy(rows: Sequence[Row]) -> int:
    with connection.cursor() as cursor:
        # Changes mirrored meanwhile wait for this batch; those already in are kept.
        cursor.execute(f"LOCK TABLE {SHADOW} IN SHARE ROW EXCLUSIVE MODE")
        there = _ids(SHADOW, str(rows[0][0]), [int(r[1]) for r in rows])  # type: ignore[call-overload]
        fresh = [r for r in rows if r[1] not in there]
        if not fresh:
            return 0
        values = _with_ids(fresh, timezone.now())
        with cursor.cursor.copy(f"COPY {SHADOW} ({NAMES}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
    return len(values)


def mirror(rows: Iterable[Row]) -> None:
    """Write incremental changes (already in the live table) to the shadow too, with the ids
    they have there."""
    stamp = _now()
    by_kind: dict[str, list[Row]] = {}
    for row in rows:
        by_kind.setdefault(str(row[0]), []).append(row)
    marks = ", ".join(["%s"] * len(shadow.COLUMNS))
    sql = (
        f"INSERT INTO {SHADOW} ({NAMES}) VALUES ({marks}) "  # noqa: S608 - constant
        f"ON CONFLICT (kind, object_id) DO UPDATE SET {UPSERT}"
    )
    with connection.cursor() as cursor:
        for kind, group in by_kind.items():
            ids = _ids(LIVE, kind, [int(r[1]) for r in group])  # type: ignore[call-overload]
            values = [(ids[r[1]], *r, stamp) for r in group if r[1] in ids]  # type: ignore[index]
            cursor.executemany(sql, values)


def unmirror(kind: str, object_id: int) -> None:
    """Take a record out of the shadow too."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SHADOW} WHERE kind = %s AND object_id = %s",  # noqa: S608 - constant
            [kind, object_id],
        )


def copy_kinds(kept: Sequence[str]) -> None:
    """Start the shadow with the live documents of the kinds a partial reindex leaves alone."""
    if not kept:
        return
    marks = ", ".join(["%s"] * len(kept))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SHADOW} ({NAMES}) SELECT {NAMES} FROM {LIVE} "  # noqa: S608
            f"WHERE kind IN ({marks})",
            list(kept),
        )


def shadow_counts() -> dict[str, tuple[int, int]]:
    """kind → (documents in the shadow, live documents whose record is not in it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kind, COUNT(*) FROM {SHADOW} GROUP BY kind")  # noqa: S608
        counts = dict(cursor.fetchall())
        cursor.execute(
            f"SELECT kind, COUNT(*) FROM {LIVE} l WHERE NOT EXISTS (SELECT 1 FROM {SHADOW} n "  # noqa: S608
            "WHERE n.kind = l.kind AND n.object_id = l.object_id) GROUP BY kind"
        )
        gone = dict(cursor.fetchall())
    return {k: (counts.get(k, 0), gone.get(k, 0)) for k in {*counts, *gone}}
