"""Three `kefu serve` and three `kefu worker` processes on one PostgreSQL (docs/deploy.md):
every ticket's notice goes out exactly once, periodic jobs are not doubled, and a web process
killed with SIGKILL in the middle of the load loses no write it confirmed.

The fleet gets a database of its own, copied from pytest's migrated test database, since its
processes cannot see the test's open transaction; the cache is the local Redis when it runs.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import threading
import time
from collections import Counter
from datetime import datetime

import psycopg
import pytest
from django.conf import settings
from django.db import connections

from kefu.core.periodic import jobs
from tests.deploy.fleet import Fleet, SmsGateway, clone_database, drop_database, seed

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.skipif(not POSTGRES, reason="several processes share one PostgreSQL database"),
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True
    ),  # pytest's test database, no open transaction
    pytest.mark.req("P-08"),
]
LOAD_SECONDS = 9
CLIENTS = 4


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/0").ping())
    except redis.RedisError:
        return False


@pytest.fixture
def fleet(tmp_path):
    connections.close_all()  # a template database must have no other session
    test_database = connections["default"].settings_dict
    url = clone_database(test_database, f"{test_database['NAME']}_fleet")
    gateway = SmsGateway()
    env = {
        **os.environ,
        "KEFU_DATABASE_URL": url,
        "KEFU_SMS_BACKEND": "kefu.notify.backends.http_sms.HttpSmsBackend",
        "KEFU_SMS_HTTP_URL": gateway.url,
        "KEFU_SMS_HTTP_TOKEN": "fleet",
        "KEFU_LOG_LEVEL": "DEBUG",
        "KEFU_LOG_FORMAT": "json",
        "KEFU_SECRET_KEY": "fleet-secret-key-" + "x" * 40,
        "KEFU_CACHE_PREFIX": f"kefu-fleet-{time.time_ns()}",
    }
    if _redis_up():
        env["KEFU_REDIS_URL"] = "redis://127.0.0.1:6379/0"
    env["FLEET_SEED"] = json.dumps(seed(env))
    (tmp_path / "logs").mkdir()
    running = Fleet(url, env, tmp_path / "logs")
    running.gateway = gateway  # type: ignore[attr-defined]
    try:
        running.start(web=3, workers=3)
        yield running
    finally:
        running.stop()
        gateway.shutdown()
        drop_database(url)


def _load(fleet: Fleet, stop: threading.Event, confirmed: list[str], failed: Counter) -> None:
    """Create tickets round-robin over the web processes until ``stop``; keep the numbers
    the servers confirmed with 201."""
    data = json.loads(fleet.env["FLEET_SEED"])
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {data['key']}"}
    ports = itertools.cycle([port for port, _process in fleet.web])
    for n in itertools.count():
        if stop.is_set():
            return
        port = next(ports)
        body = {
            "description": f"耳机没有声音 {n}",
            "channel": "wechat",
            "customer_id": data["customers"][n % len(data["customers"])],
        }
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", "/api/v1/tickets", json.dumps(body), headers)
            response = conn.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException) as exc:
            failed[type(exc).__name__] += 1  # the killed server: nothing was confirmed
            continue
        if response.status == 201:
            confirmed.append(json.loads(answer)["number"])
        else:
            failed[str(response.status)] += 1


def _drained(url: str) -> bool:
    with psycopg.connect(url) as conn:
        waiting = conn.execute(
            "SELECT (SELECT count(*) FROM core_delivery WHERE status IN ('pending', 'running'))"
            " + (SELECT count(*) FROM notify_message WHERE status NOT IN ('sent', 'failed'))"
        ).fetchone()[0]
    return waiting == 0


def _periodic_runs(fleet: Fleet) -> dict[str, list[datetime]]:
    runs: dict[str, list[datetime]] = {}
    for n in range(len(fleet.workers)):
        for line in fleet.log(f"worker{n}").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("logger") == "kefu.core.periodic" and "ran" in entry["message"]:
                name = entry["message"].split()[2]
                runs.setdefault(name, []).append(datetime.fromisoformat(entry["time"]))
    return runs


def test_three_web_and_three_worker_processes_share_one_postgresql(fleet):
    confirmed: list[str] = []
    failed: Counter = Counter()
    stop = threading.Event()
    clients = [
        threading.Thread(target=_load, args=(fleet, stop, confirmed, failed))
        for _n in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    time.sleep(LOAD_SECONDS / 2)
    before_kill = len(confirmed)
    fleet.kill_web(0)
    time.sleep(LOAD_SECONDS / 2)
    stop.set()
    for client in clients:
        client.join(timeout=30)
    deadline = time.monotonic() + 40
    while not _drained(fleet.database_url) and time.monotonic() < deadline:
        time.sleep(0.5)

    with psycopg.connect(fleet.database_url) as conn:
        stored = {row[0] for row in conn.execute("SELECT number FROM tickets_ticket")}
        undelivered = conn.execute(
            "SELECT count(*) FROM core_delivery WHERE status <> 'done'"
        ).fetchone()[0]
        messages = conn.execute(
            "SELECT channel, status, left(last_error, 200), count(*) FROM notify_message"
            " GROUP BY 1, 2, 3"
        ).fetchall()
    sent = Counter(
        number
        for sms in fleet.gateway.received  # type: ignore[attr-defined]
        for number in stored
        if number in sms["content"]  # only "received" notices: nothing else happened
    )
    assert before_kill > 0 and len(confirmed) > before_kill  # load ran before and after
    assert set(confirmed) <= stored  # no confirmed write lost with the killed process
    assert len(confirmed) == len(set(confirmed))
    assert undelivered == 0
    assert set(sent) == stored, messages  # every ticket's "received" notice went out...
    assert set(sent.values()) == {1}  # ...exactly once
    outbound_ids = [sms["out_id"] for sms in fleet.gateway.received]  # type: ignore[attr-defined]
    assert len(outbound_ids) == len(set(outbound_ids))
    runs = _periodic_runs(fleet)
    every = {job.name: job.every.total_seconds() for job in jobs()}
    assert runs["notify.dispatch"]  # the jobs did run, on the workers together...
    for name, times in runs.items():
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(sorted(times))]
        assert all(gap >= every[name] - 1 for gap in gaps), (name, gaps)  # ...never doubled
