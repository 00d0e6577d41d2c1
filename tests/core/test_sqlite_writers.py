"""SQLite's writer queue (kefu.core.sqlite): a write transaction that finds another running
waits for it and goes on once it ends (commit, rollback, or its process dying), never with
"database is locked" inside the timeout, and with it after the timeout."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from kefu.core.models import Team

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writer queue"),
]


def in_thread(work) -> tuple[threading.Thread, list]:
    """Run ``work`` on its own connection; what it returns or raises lands in the list."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as exc:  # the test asserts on it
            outcome.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def write(name: str) -> str:
    with transaction.atomic():
        Team.objects.create(name=name)
    return "written"


def hold_write_lock(opened: threading.Event, release: threading.Event, *, fail: bool) -> str:
    with transaction.atomic():
        Team.objects.create(name="first")
        opened.set()
        release.wait(10)
        if fail:
            raise RuntimeError("the first writer's change failed")
    return "first committed"


@pytest.mark.parametrize("fail", [False, True], ids=["commit", "rollback"])
def test_a_second_writer_waits_for_the_first_and_then_writes(fail):
    opened, release = threading.Event(), threading.Event()
    first, first_outcome = in_thread(lambda: hold_write_lock(opened, release, fail=fail))
    assert opened.wait(10)

    waiting, second_outcome = in_thread(lambda: write("second"))
    time.sleep(0.3)
    queued = waiting.is_alive() and not second_outcome  # still waiting for the lock
    release.set()
    first.join(10)
    waiting.join(10)

    assert queued
    assert second_outcome == ["written"]
    assert (
        isinstance(first_outcome[0], RuntimeError) if fail else first_outcome == ["first committed"]
    )
    names = set(Team.objects.values_list("name", flat=True))
    assert names == ({"second"} if fail else {"first", "second"})


def test_a_writer_of_another_process_waits_until_the_first_process_is_killed(tmp_path):
    """The lock is the kernel's: a process killed inside its transaction releases it."""
    from django.conf import settings

    ready = tmp_path / "ready"
    code = f"""
        import os, time, pathlib, django
        django.setup()
        from django.db import transaction
        from kefu.core.models import Team
        with transaction.atomic():
            Team.objects.create(name="never committed")
            pathlib.Path({str(ready)!r}).write_text("in")
            time.sleep(60)
    """
    env = {"DJANGO_SETTINGS_MODULE": "kefu.settings"}
    database = settings.DATABASES["default"]["NAME"]
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, **env, "KEFU_DATABASE_URL": f"sqlite:///{database}"},
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists()
        waiting, outcome = in_thread(lambda: write("after"))
        time.sleep(0.3)
        queued = not outcome
        holder.kill()
    finally:
        holder.wait(10)
    waiting.join(20)

    assert queued
    assert outcome == ["written"]
    assert list(Team.objects.values_list("name", flat=True)) == ["after"]


def test_a_writer_that_waits_past_the_timeout_gets_database_is_locked():
    opened, release = threading.Event(), threading.Event()
    first, _ = in_thread(lambda: hold_write_lock(opened, release, fail=False))
    assert opened.wait(10)
    connection.settings_dict["OPTIONS"]["timeout"] = 0.2  # shared by every thread's connection

    try:
        waiting, outcome = in_thread(lambda: write("too late"))
        waiting.join(10)
    finally:
        connection.settings_dict["OPTIONS"]["timeout"] = 30
        release.set()
        first.join(10)

    assert isinstance(outcome[0], OperationalError)
    assert "locked" in str(outcome[0])
    assert not Team.objects.filter(name="too late").exists()
