"""`kefu backup FILE`: a consistent copy of the whole database while Kefu keeps running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kefu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite online backup; pg_dump custom format)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            written = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes).")
