"""The daily customer import (C-02): one run reads its file as a stream in batches, matches each
row by customer number, phone or email, and creates or updates customers in bulk.

A preview writes nothing; "good rows" writes each batch in its own transaction and reports the
bad rows; "all or nothing" first checks the whole file, writes nothing if any row is bad, and
otherwise writes it in one transaction. Every run ends with counts and per-row errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import DomainError
from kefu.core.events import record_event
from kefu.customers import import_write as write
from kefu.customers.import_read import RowError, RowParser, column_map, is_blank, open_sheet
from kefu.customers.models import CustomerImport, ImportMode, ImportRowError, ImportStatus

log = logging.getLogger(__name__)

BATCH = 5000
MAX_STORED_ERRORS = 1000  # rows beyond these are counted, not listed
COUNTS = ("rows", "created", "updated", "unchanged", "failed")

Progress = Callable[[CustomerImport], None]


class _Pass:
    """One read of the file: parse, check, match and (when ``writing``) save, batch by batch."""

    def __init__(self, run: CustomerImport, *, writing: bool, offset: int, progress: Progress):
        self.run, self.writing, self.offset, self.progress = run, writing, offset, progress
        self.seen = write.SeenKeys()
        self.errors: list[RowError] = []
        self.stored = 0

    def go(self) -> None:
        sheet = open_sheet(Path(self.run.path), self.run.filename)
        columns = column_map(sheet.header)
        self.names = {k: str(sheet.header[i]).strip() for k, i in columns.items()}
        parser = RowParser(columns, self.names)
        twice = self.run.mode == ImportMode.ALL_OR_NOTHING
        self.run.progress_total = sheet.total * (2 if twice else 1)
        self.done = sheet.done
        batch: list[tuple[int, dict[str, Any]]] = []
        for number, raw in sheet.rows:
            if is_blank(raw):
                continue
            self.run.rows += 1
            values, errors = parser.parse(number, raw)
            errors = errors or self._duplicate(number, values)
            if errors:
                self._fail(errors)
                continue
            batch.append((number, values))
            if len(batch) >= BATCH:
                self._flush(batch)
                batch = []
        self._flush(batch)
        self.run.progress_done = self.offset + sheet.total
        self._save_progress()

    def _duplicate(self, number: int, values: dict[str, Any]) -> list[RowError]:
        keys = write.key_names(values)
        for column, key in keys:
            first = self.seen.get(key)
            if first is not None:
                message = _("Same %(column)s as row %(row)s above: this row is not imported.")
                return [
                    RowError(
                        number,
                        self.names[column],
                        message % {"column": self.names[column], "row": first},
                    )
                ]
        for _column, key in keys:
            self.seen.add(key, number)
        return []

    def _fail(self, errors: list[RowError]) -> None:
        self.run.failed += 1
        room = MAX_STORED_ERRORS - self.stored - len(self.errors)
        self.errors.extend(errors[: max(room, 0)])

    def _flush(self, batch: list[tuple[int, dict[str, Any]]]) -> None:
        found = write.existing([v for _n, v in batch])
        new, changes = [], []
        for number, values in batch:
            matches = {found[k]["id"]: found[k] for _c, k in write.key_names(values) if k in found}
            if len(matches) > 1:
                self._fail([self._mismatch(number, values, found, sorted(matches))])
            elif matches:
                current = next(iter(matches.values()))
                changed = write.changed_values(current, values)
                if changed:
                    changes.append((current, changed))
                else:
                    self.run.unchanged += 1
            else:
                new.append(values)
        if self.writing:
            self._write(batch, new, changes)
        else:
            self.run.created += len(new)
            self.run.updated += len(changes)
            self._save_progress()

    def _mismatch(
        self, number: int, values: dict[str, Any], found: dict[str, Any], ids: list[int]
    ) -> RowError:
        column = next(c for c, k in write.key_names(values) if k in found)
        message = _("The number, phone and email of this row name different customers: %(ids)s.")
        return RowError(
            number, self.names[column], message % {"ids": "、".join(f"#{pk}" for pk in ids)}
        )

    def _write(self, batch: list[Any], new: list[Any], changes: list[Any]) -> None:
        try:
            with transaction.atomic():
                ids = write.insert(new) + write.update(changes)
                if ids:
                    record_event("customers.imported", subject=self.run, payload={"ids": ids})
                self.run.created += len(new)
                self.run.updated += len(changes)
                self._save_progress()
        except DatabaseError:
            # A concurrent change took a phone or email meanwhile: report the batch, go on.
            log.warning("customer import %s: a batch could not be saved", self.run.pk)
            message = _(
                "This row could not be saved because of a concurrent change; import the file again."
            )
            self._fail_batch(batch, message)
            self._save_progress()

    def _fail_batch(self, batch: list[tuple[int, dict[str, Any]]], message: str) -> None:
        for number, _values in batch:
            self._fail([RowError(number, "", message)])

    def _save_progress(self) -> None:
        self.run.progress_done = min(self.offset + self.done(), self.run.progress_total)
        ImportRowError.objects.bulk_create(
            ImportRowError(run=self.run, row=e.row, column=e.column[:60], message=e.message[:300])
            for e in self.errors
        )
        self.stored += len(self.errors)
        self.errors = []
        self.run.save(update_fields=[*COUNTS, "progress_done", "progress_total"])
        self.progress(self.run)


def _reset(run: CustomerImport) -> None:
    for name in COUNTS:
        setattr(run, name, 0)
    ImportRowError.objects.filter(run=run).delete()


def _passes(run: CustomerImport, progress: Progress) -> None:
    if run.mode == ImportMode.GOOD_ROWS:
        _Pass(run, writing=True, offset=0, progress=progress).go()
        return
    _Pass(run, writing=False, offset=0, progress=progress).go()
    if run.mode == ImportMode.PREVIEW:
        return
    if run.failed:
        run.status = ImportStatus.REFUSED
        run.message = _("Some rows are not valid, so nothing was imported.")
        return
    offset = run.progress_total // 2
    _reset(run)
    with transaction.atomic():  # all or nothing: the whole file in one transaction
        _Pass(run, writing=True, offset=offset, progress=progress).go()
        if run.failed:
            transaction.set_rollback(True)
    if run.failed:
        run.status = ImportStatus.REFUSED
        run.message = _("Some rows could not be saved, so nothing was imported.")


def run_import(run: CustomerImport, *, progress: Progress | None = None) -> CustomerImport:
    """Carry out ``run`` and record its outcome: counts, per-row errors, an audit line.

    A file that cannot be read at all (wrong type, missing columns, not text) ends the run
    with its message and nothing written. Implements C-02.
    """
    run.status, run.started_at = ImportStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    progress = progress or (lambda _run: None)
    try:
        _passes(run, progress)
    except DomainError as exc:  # unreadable file: what was written before is in the counts
        wrote = run.mode == ImportMode.GOOD_ROWS and (run.created or run.updated)
        run.status = ImportStatus.FAILED if wrote else ImportStatus.REFUSED
        run.message = exc.message[:300]
    if run.status == ImportStatus.RUNNING:
        run.status = ImportStatus.DONE
    run.finished_at = timezone.now()
    run.save()
    progress(run)
    previewed = run.mode == ImportMode.PREVIEW
    record_audit(
        actor=run.created_by,
        action="customers.import_previewed" if previewed else "customers.imported",
        subject=run,
        summary=run.filename[:100],
        data={name: getattr(run, name) for name in COUNTS} | {"mode": run.mode},
    )
    return run
