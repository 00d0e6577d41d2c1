"""The bulk path of the customer import (C-02): find a batch's customers, write new and changed
ones in a few statements (COPY on PostgreSQL), and remember keys compactly across batches."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from kefu.customers.import_read import COLUMNS, KEYS
from kefu.customers.models import Customer

FIELDS = tuple(COLUMNS)  # the profile fields a file may carry
_CONCRETE = [f for f in Customer._meta.concrete_fields if not f.primary_key]
_EMPTY = {"birthday": None}


class SeenKeys:
    """Which keys (phone, email, number) earlier rows of the file had, and on which row.

    An open-addressing table of 64-bit hashes in two typed arrays: about 12 bytes a slot,
    where a set of strings would take ten times that, so a million-row file stays small.
    """

    def __init__(self, slots: int = 1 << 16) -> None:
        self._hashes = array("q", bytes(8 * slots))
        self._rows = array("i", bytes(4 * slots))
        self._used = 0

    def _slot(self, key: str) -> int:
        mask = len(self._hashes) - 1
        code = hash(key) or 1
        slot = code & mask
        while self._hashes[slot] not in (0, code):
            slot = (slot + 1) & mask
        return slot

    def get(self, key: str) -> int | None:
        slot = self._slot(key)
        return self._rows[slot] if self._hashes[slot] else None

    def add(self, key: str, row: int) -> None:
        if (self._used + 1) * 10 > len(self._hashes) * 7:
            self._grow()
        slot = self._slot(key)
        if not self._hashes[slot]:
            self._used += 1
        self._hashes[slot] = hash(key) or 1
        self._rows[slot] = row

    def _grow(self) -> None:
        old = zip(self._hashes, self._rows, strict=True)
        size = len(self._hashes) * 2
        self._hashes = array("q", bytes(8 * size))
        self._rows = array("i", bytes(4 * size))
        mask = size - 1
        for code, row in old:
            if code:
                slot = code & mask
                while self._hashes[slot]:
                    slot = (slot + 1) & mask
                self._hashes[slot], self._rows[slot] = code, row


def key_names(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``[("phone", "phone:+86138…"), ...]``: the row's keys, each prefixed by its column."""
    return [(k, f"{k}:{values[k]}") for k in KEYS if k in values]


def existing(batch: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The customers any row of ``batch`` names, by key (``"phone:+86138…"``)."""
    found: dict[str, dict[str, Any]] = {}
    names = ("id", "version", *FIELDS)
    for key in KEYS:
        # A row found by its number is not looked up again by a phone or email it already has.
        values = [v[key] for v in batch if key in v and not _settled(v, key, found)]
        if not values:
            continue
        # "<> ''" as the unique partial indexes state it, so the database uses them.
        rows = Customer.objects.filter(~Q(**{key: ""}), **{f"{key}__in": values})
        for record in rows.values_list(*names):
            row = dict(zip(names, record, strict=True))
            for name in KEYS:
                if row[name]:
                    found[f"{name}:{row[name]}"] = row
    return found


def _settled(values: Mapping[str, Any], key: str, found: Mapping[str, Any]) -> bool:
    """The row was found by an earlier key and that customer already has this ``key``."""
    for earlier in KEYS:
        if earlier in values and f"{earlier}:{values[earlier]}" in found:
            return found[f"{earlier}:{values[earlier]}"][key] == values[key]
    return False


def insert(rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Create customers from import values; returns their ids. New customers wait unassigned
    for a supervisor to distribute them (004 §一 3, C-03)."""
    if not rows:
        return []
    now = timezone.now()
    defaults = {f.attname: f.get_default() for f in _CONCRETE}
    defaults.update(created_at=now, updated_at=now)
    ids = _new_ids(len(rows))
    records = (
        (pk, *(row.get(f.attname, defaults[f.attname]) for f in _CONCRETE))
        for pk, row in zip(ids, rows, strict=True)
    )
    columns = ", ".join(["id", *(connection.ops.quote_name(f.column) for f in _CONCRETE)])
    table = connection.ops.quote_name(Customer._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
        else:
            marks = ", ".join(["%s"] * (len(_CONCRETE) + 1))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model names
            cursor.executemany(sql, records)
    return ids


def _new_ids(count: int) -> list[int]:
    """Ids for ``count`` new rows: from the sequence on PostgreSQL; after the largest id on
    SQLite, whose write lock the import holds for the whole batch."""
    table = Customer._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [r[0] for r in cursor.fetchall()]
    start = (Customer.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    return list(range(start, start + count))


def update(changes: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> list[int]:
    """Write ``(current row, changed values)`` pairs with one bulk update per batch."""
    now = timezone.now()
    objects, fields = [], set()
    for current, changed in changes:
        fields |= set(changed)
        values = {**current, **changed, "version": current["version"] + 1, "updated_at": now}
        objects.append(Customer(**values))
    if objects:
        Customer.objects.bulk_update(
            objects, [*sorted(fields), "version", "updated_at"], batch_size=500
        )
    return [o.pk for o in objects]


def changed_values(current: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values that differ from the customer's; empty cells change nothing."""
    return {f: v for f, v in values.items() if current.get(f, _EMPTY.get(f, "")) != v}
