"""PostgreSQL restarted under load (issue 14): no confirmed write is missing afterwards, and
the app serves again without being restarted itself.

It restarts the whole local PostgreSQL server, so it runs only when asked:
``KEFU_RELIABILITY_PG_RESTARTS=3`` (`make reliability` sets it), on PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from kefu.tickets.models import Ticket
from tests.reliability.conftest import call

RESTARTS = int(os.environ.get("KEFU_RELIABILITY_PG_RESTARTS", "0"))
pytestmark = [
    pytest.mark.req("P-06"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or RESTARTS == 0,
        reason="restarts the PostgreSQL server: KEFU_RELIABILITY_PG_RESTARTS=N on PostgreSQL",
    ),
]


def restart_postgres() -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def test_restarts_lose_no_confirmed_write_and_the_app_recovers(
    live_server,
    token,
    customer,
    record_property,
):
    url = f"{live_server.url}/api/v1/tickets"
    stop = threading.Event()

    def client(n: int) -> tuple[list[str], list[int]]:
        created, statuses, i = [], [], 0
        while not stop.is_set():
            i += 1
            body = {"description": f"重启期间 {n}-{i}", "channel": "web"}
            body["customer_id"] = customer.pk
            try:
                status, answer = call(url, token, "POST", body)
            except OSError:
                status, answer = 0, None
            statuses.append(status)
            if status == 201:
                created.append(answer["number"])
        return created, statuses

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(client, n) for n in range(8)]
        for _ in range(RESTARTS):
            time.sleep(3)
            restart_postgres()
        time.sleep(5)
        stop.set()
        results = [f.result() for f in futures]
    connection.close()
    body = {"description": "重启之后", "channel": "web", "customer_id": customer.pk}
    after, _ = call(url, token, "POST", body)

    created = [n for batch, _ in results for n in batch]
    statuses = [s for _, batch in results for s in batch]
    stored = set(Ticket.objects.values_list("number", flat=True))
    record_property("restarts", RESTARTS)
    record_property("confirmed_creates", len(created))
    record_property("missing", len(set(created) - stored))
    record_property("refused_during_restart", sum(s in (0, 503) for s in statuses))
    record_property("server_errors_500", statuses.count(500))
    assert set(created) <= stored
    assert after == 201
