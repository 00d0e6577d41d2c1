"""Outbox deliveries through repeated `kill -9` of the workers (issue 14, P-08): every message
reaches a real local SMTP server, none is lost, and none arrives twice under two Message-IDs.

Sizes: ``KEFU_RELIABILITY_MESSAGES`` messages and ``KEFU_RELIABILITY_KILLS`` rounds of two
workers killed with SIGKILL (`make reliability`: 1,000 and 20; `make test`: 120 and 3).
"""

from __future__ import annotations

import email
import email.policy
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import factory
import pytest
from aiosmtpd.controller import Controller
from django.db.models import F

from kefu.notify.dispatcher import CLAIM_LEASE
from kefu.notify.models import Message
from tests.core.test_concurrency import ROOT, database_url
from tests.notify.factories import MessageFactory
from tests.notify.test_email_smtp import Inbox, free_port

pytestmark = [
    pytest.mark.req("P-08"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
MESSAGES = int(os.environ.get("KEFU_RELIABILITY_MESSAGES", "120"))
KILLS = int(os.environ.get("KEFU_RELIABILITY_KILLS", "3"))


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def worker(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KEFU_DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "kefu.settings",
        "KEFU_EMAIL_BACKEND": "kefu.notify.backends.email.EmailBackend",
        "KEFU_SMTP_HOST": "127.0.0.1",
        "KEFU_SMTP_PORT": str(port),
        "KEFU_EMAIL_FROM": "service@kefu-shop.cn",
    }
    command = [sys.executable, "-c", "from kefu.cli import main; main()", "worker"]
    return subprocess.Popen(
        [*command, "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def unsent() -> int:
    return Message.objects.exclude(status=Message.Status.SENT).count()


def test_deliveries_survive_kill_9_of_workers_with_none_lost_and_none_doubled(
    smtp, record_property
):
    port, inbox = smtp
    MessageFactory.create_batch(
        MESSAGES,
        channel="email",
        recipient=factory.Sequence(lambda n: f"customer{n}@example.cn"),
        subject="您的工单进度",
    )
    rng = random.Random(14)
    for _ in range(KILLS):
        workers = [worker(port), worker(port)]
        time.sleep(rng.uniform(2.0, 4.0))
        for process in workers:
            process.send_signal(signal.SIGKILL)
            process.wait()
    killed_mid_send = Message.objects.filter(status=Message.Status.SENDING).count()
    sent_while_killing = len(inbox.envelopes)
    # The lease of a dead worker's claim runs out; then the message goes again.
    Message.objects.filter(status=Message.Status.SENDING).update(
        claimed_at=F("claimed_at") - CLAIM_LEASE
    )
    final = worker(port)
    deadline = time.monotonic() + 180
    while unsent() and time.monotonic() < deadline:
        time.sleep(0.5)
    final.send_signal(signal.SIGTERM)
    final.wait(timeout=30)

    ids = Counter(
        email.message_from_bytes(e.original_content, policy=email.policy.default)["Message-ID"]
        for e in inbox.envelopes
    )
    record_property("messages", MESSAGES)
    record_property("kills_sigkill", KILLS * 2)
    record_property("sent_between_kills", sent_while_killing)
    record_property("claimed_when_killed", killed_mid_send)
    record_property("received_distinct", len(ids))
    record_property("lost", MESSAGES - len(ids))
    record_property("same_id_resends", sum(n - 1 for n in ids.values()))
    assert unsent() == 0
    assert len(ids) == MESSAGES
    assert set(ids) == {
        f"<kefu-notification-{pk}@kefu-shop.cn>"
        for pk in Message.objects.values_list("pk", flat=True)
    }
