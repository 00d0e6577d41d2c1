"""`kefu serve`: the web UI and API under gunicorn."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web UI and the API with gunicorn (KEFU_BIND, default 127.0.0.1:8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("KEFU_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("KEFU_WEB_WORKERS", "2"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("KEFU_WEB_THREADS", "4"))
        )

    def handle(self, *args: Any, bind: str, workers: int, threads: int, **options: Any) -> None:
        from gunicorn.app.wsgiapp import run

        self.stdout.write(f"Kefu is serving on http://{bind}/")
        sys.argv = [
            "gunicorn",
            "kefu.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        run()
