"""`kefu manage import_orders FILE`: import orders from a CSV or .xlsx file and print the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kefu.catalog.imports import import_orders
from kefu.core.errors import DomainError


class Command(BaseCommand):
    help = "Import orders (one row per item) from a CSV or .xlsx file; safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="path to a .csv or .xlsx file")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            with path.open("rb") as handle:
                report = import_orders(actor=None, file=handle, filename=path.name)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"rows {report.rows}, imported {report.rows_imported}, failed {report.rows_failed}; "
            f"orders created {report.orders_created}, updated {report.orders_updated}, "
            f"unchanged {report.orders_unchanged}; new customers {report.customers_created}"
        )
        for error in report.errors:
            self.stdout.write(f"  row {error.row} [{error.column}]: {error.message}")
        if report.errors:
            self.stderr.write(self.style.WARNING(f"{report.rows_failed} row(s) refused"))
