"""`kefu run`: everything for a local try-out: migrate, demo data on first run, serve + worker."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kefu.core.models import User


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Migrate, load demo data on first run, then serve the web UI and run the worker."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not User.objects.exists():
            call_command("demo")
        # Ctrl-C, or a TERM from a process manager, stops both children, never orphans them.
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        command = [sys.executable, "-m", "kefu.cli"]
        children = [subprocess.Popen([*command, "serve"]), subprocess.Popen([*command, "worker"])]
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                child.wait(timeout=30)
        self.stdout.write("Kefu stopped.")
