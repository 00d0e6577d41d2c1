"""`kefu restore FILE`: load a `kefu backup` into the configured (new, empty) database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kefu.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `kefu backup` into the database KEFU_DATABASE_URL names."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data of a database that is not empty",
        )

    def handle(self, *args: Any, file: Path, force: bool, **options: Any) -> None:
        try:
            restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {file}.")
