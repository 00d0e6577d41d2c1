"""`kefu run`: everything for a local try-out: migrate, demo data on first run, serve + worker."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kefu.core.models import User


class Command(BaseCommand):
    help = "Migrate, load demo data on first run, then serve the web UI and run the worker."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not User.objects.exists():
            call_command("demo")
        command = [sys.executable, "-m", "kefu.cli"]
        children = [subprocess.Popen([*command, "serve"]), subprocess.Popen([*command, "worker"])]
        try:
            while all(child.poll() is None for child in children):
                try:
                    children[0].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                child.wait(timeout=15)
        self.stdout.write("Kefu stopped.")
