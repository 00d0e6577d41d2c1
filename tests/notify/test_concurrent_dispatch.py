"""Two threads and two worker processes dispatching the same outbox send each message once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from django.db import connection

from kefu.notify.dispatcher import dispatch
from kefu.notify.models import Message
from tests.notify.factories import EventFactory, MessageFactory

pytestmark = [
    pytest.mark.req("P-08"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


def queued(count: int) -> list[int]:
    event = EventFactory()
    return [MessageFactory(event=event).pk for _ in range(count)]


def test_two_threads_dispatching_the_same_messages_send_each_once(sent):
    ids = queued(20)
    start = threading.Barrier(2)
    results: list[list[bool]] = [[], []]

    def worker(slot: int) -> None:
        try:
            start.wait()
            results[slot] = [dispatch(pk) for pk in ids]
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(pk for pk, _phone, _body in sent) == ids
    # For every message exactly one of the two threads won the claim.
    assert [a + b for a, b in zip(*results, strict=True)] == [1] * 20
    assert set(Message.objects.values_list("status", "attempts")) == {("sent", 1)}


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


WORKER = """
import django
django.setup()
from kefu.notify.dispatcher import dispatch_due
while dispatch_due(limit=10):
    pass
"""


def test_two_worker_processes_send_each_message_exactly_once(tmp_path):
    ids = queued(60)
    sent_file = tmp_path / "sent.txt"
    env = {
        **os.environ,
        "KEFU_DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "kefu.settings",
        "KEFU_SMS_BACKEND": "tests.notify.backends.FileRecordingBackend",
        "KEFU_TEST_SENT_FILE": str(sent_file),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(WORKER)],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    errors = [w.communicate(timeout=120)[1].decode() for w in workers]

    assert [w.returncode for w in workers] == [0, 0], errors
    lines = sent_file.read_text().split()
    assert sorted(int(pk) for pk in lines) == ids
    assert Message.objects.filter(status="sent").count() == 60
