"""Several worker processes at once, a worker killed with kill -9, and concurrent writers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from kefu.core.models import AuditEntry, Event, Team
from kefu.sla.models import Deadline, Policy

pytestmark = [
    pytest.mark.req("P-04"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start(code: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KEFU_DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "kefu.settings",
    }
    prelude = "import django; django.setup()\n"
    return subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )


def overdue_deadlines(count: int) -> None:
    team = Team.objects.create(name="t")
    policy = Policy.objects.get(key="complaint.first_contact")
    past = timezone.now() - timedelta(hours=2)
    Deadline.objects.bulk_create(
        Deadline(
            kind=policy.key,
            policy=policy,
            subject_type="core.team",
            subject_id=str(team.pk),
            started_at=past,
            due_at=past,
            warn_at=past,
        )
        for _ in range(count)
    )


SCAN = """
from kefu.sla.services import scan_deadlines
while scan_deadlines(batch=50) != (0, 0):
    pass
"""


def test_three_workers_scanning_at_once_record_each_breach_exactly_once():
    overdue_deadlines(300)

    workers = [start(SCAN) for _ in range(3)]
    errors = [w.communicate(timeout=120)[1].decode() for w in workers]

    assert [w.returncode for w in workers] == [0, 0, 0], errors
    assert Deadline.objects.filter(breached_at__isnull=True).count() == 0
    assert Event.objects.filter(name="deadline.breached").count() == 300
    warned = Event.objects.filter(name="deadline.warned")
    # A deadline another worker breached first is never warned; none is warned twice.
    assert warned.count() == warned.values("subject_id").distinct().count()
    assert warned.count() == Deadline.objects.filter(warned_at__isnull=False).count()


def test_a_worker_killed_mid_scan_leaves_nothing_half_done():
    overdue_deadlines(2000)
    worker = start(SCAN)
    deadline = time.monotonic() + 60
    while not Event.objects.filter(name="deadline.breached").exists():
        assert time.monotonic() < deadline, "the worker never started"
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()

    marked = Deadline.objects.filter(breached_at__isnull=False).count()
    recorded = Event.objects.filter(name="deadline.breached").count()
    from kefu.sla.services import scan_deadlines

    while scan_deadlines() != (0, 0):
        pass

    assert marked == recorded
    assert marked < 2000, "the kill came too late to prove anything"
    assert Event.objects.filter(name="deadline.breached").count() == 2000
    assert Deadline.objects.filter(breached_at__isnull=True).count() == 0


WRITER = """
from django.db import transaction
from kefu.core.audit import record_audit
from kefu.core.events import record_event
from kefu.core.models import Team
team = Team.objects.get(name="writers")
for i in range(60):
    with transaction.atomic():
        record_audit(actor=None, action="test.write", subject=team)
        record_event("test.written", subject=team)
"""


def test_concurrent_writers_never_fail_with_a_locked_database():
    Team.objects.create(name="writers")

    writers = [start(WRITER) for _ in range(4)]
    errors = [w.communicate(timeout=120)[1].decode() for w in writers]

    assert [w.returncode for w in writers] == [0, 0, 0, 0], errors
    assert AuditEntry.objects.filter(action="test.write").count() == 240
    assert Event.objects.filter(name="test.written").count() == 240
