"""`kefu import customers FILE`: import customers from a CSV or .xlsx file with a progress bar."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kefu.core.errors import DomainError
from kefu.customers.import_runs import import_customer_file
from kefu.customers.models import CustomerImport, ImportMode, ImportStatus

BAR = 30


class Command(BaseCommand):
    help = (
        "Import customers from a CSV or .xlsx file, matched by customer number, phone or email; "
        "safe to run again. Good rows are imported unless --all-or-nothing; --dry-run writes "
        "nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="path to a .csv or .xlsx file")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        mode.add_argument(
            "--all-or-nothing", action="store_true", help="import only if every row is good"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        mode = ImportMode.GOOD_ROWS
        if options["dry_run"]:
            mode = ImportMode.PREVIEW
        elif options["all_or_nothing"]:
            mode = ImportMode.ALL_OR_NOTHING
        self.started = time.monotonic()
        progress = None if options["quiet"] else self._bar
        try:
            run = import_customer_file(actor=None, path=path, mode=mode, progress=progress)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if progress is not None:
            self.stderr.write("")
        self._report(run)

    def _bar(self, run: CustomerImport) -> None:
        done = BAR * run.percent // 100
        seconds = time.monotonic() - self.started
        self.stderr.write(
            f"\r[{'#' * done}{'.' * (BAR - done)}] {run.percent:3d}%  {run.rows:,} rows  "
            f"{seconds:5.1f}s",
            ending="",
        )
        self.stderr.flush()

    def _report(self, run: CustomerImport) -> None:
        self.stdout.write(
            f"{run.get_status_display()}: rows {run.rows}, created {run.created}, "
            f"updated {run.updated}, unchanged {run.unchanged}, with errors {run.failed}"
        )
        if run.message:
            self.stdout.write(run.message)
        for error in run.row_errors.all():
            self.stdout.write(f"  row {error.row} [{error.column}]: {error.message}")
        if run.status in (ImportStatus.REFUSED, ImportStatus.FAILED):
            raise CommandError(run.message or run.get_status_display())
