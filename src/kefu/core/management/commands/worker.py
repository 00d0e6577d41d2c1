"""`kefu worker`: each pass runs the outbox's due deliveries, queued tasks (django-tasks
database backend) and the periodic jobs that are due, then sleeps ``--interval``."""

from __future__ import annotations

import os
import signal
import socket
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from kefu.core import events, heartbeat
from kefu.core.periodic import run_due

# How often a running worker refreshes its heartbeat row.
BEAT_SECONDS = 5.0


class Command(BaseCommand):
    help = "Run background work: the outbox, queued tasks and periodic jobs (deadline scans)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to sleep when there is nothing to do (default 1)",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="run what is due now, then exit (for cron and tests)",
        )

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[-64:]
        tasks = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
        )
        if not once:
            self.stdout.write(f"kefu worker {worker_id} started; Ctrl-C stops it.")
        started, last_beat = timezone.now(), 0.0
        while not self.stopping:
            close_old_connections()
            if time.monotonic() - last_beat >= BEAT_SECONDS:
                heartbeat.beat(worker_id, started_at=started)
                last_beat = time.monotonic()
            events.pump()
            tasks.run()
            run_due()
            if once:
                break
            time.sleep(interval)
        if not once:
            heartbeat.stop(worker_id)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            raise SystemExit(1)
        self.stopping = True
        self.stdout.write("kefu worker stopping after the current step...")
