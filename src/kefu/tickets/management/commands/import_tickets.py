"""`kefu import tickets FILE`: import another helpdesk's tickets and print the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from kefu.core.errors import DomainError
from kefu.tickets.imports import import_tickets


class Command(BaseCommand):
    help = (
        "Import tickets exported from another helpdesk (.csv, .xlsx: one row per message; "
        ".jsonl: one ticket per line); safe to run again — tickets are matched by external id."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="path to a .csv, .xlsx or .jsonl file")
        parser.add_argument(
            "--workers", type=int, default=None, help="tokenising processes (default: cores)"
        )

    def handle(self, *args: Any, file: str, workers: int | None, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with translation.override(settings.LANGUAGE_CODE), path.open("rb") as handle:
            try:
                report = import_tickets(
                    actor=None, file=handle, filename=path.name, workers=workers
                )
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                f"rows {report.rows}, failed {report.rows_failed}; tickets created "
                f"{report.tickets_created}, updated {report.tickets_updated}; new customers "
                f"{report.customers_created}; indexed {report.indexed}"
            )
            for error in report.errors:
                line = _("row %(row)s [%(column)s]: %(message)s") % {
                    "row": error.row,
                    "column": error.column,
                    "message": error.message,
                }
                self.stdout.write(f"  {line}")
        if report.errors:
            self.stderr.write(self.style.WARNING(f"{report.rows_failed} row(s) refused"))
