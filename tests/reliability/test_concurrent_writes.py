"""Concurrent writers against a real threaded server (issue 14): optimistic locking holds,
one Idempotency-Key makes one ticket, and a mixed load loses nothing.

Sizes come from the environment so `make reliability` runs the full figures (20 writers, 200
creates, 50 clients × 120 s) and `make test` a reduced load.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kefu.tickets.models import Ticket
from tests.reliability.conftest import call
from tests.tickets.factories import TicketFactory

pytestmark = [
    pytest.mark.req("P-06"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WRITERS = int(os.environ.get("KEFU_RELIABILITY_WRITERS", "20"))
CREATES = int(os.environ.get("KEFU_RELIABILITY_CREATES", "40"))
LOAD_CLIENTS = int(os.environ.get("KEFU_RELIABILITY_CLIENTS", "8"))
LOAD_SECONDS = float(os.environ.get("KEFU_RELIABILITY_SECONDS", "5"))


def test_of_twenty_writers_on_one_ticket_exactly_one_succeeds(
    live_server, token, team, record_property
):
    ticket = TicketFactory(team=team, description="原始描述")
    assert ticket.version == 1
    url = f"{live_server.url}/api/v1/tickets/{ticket.number}"

    def write(n: int):
        body = {"version": ticket.version, "description": f"写入者 {n}"}
        return call(url, token, "PATCH", body)

    with ThreadPoolExecutor(WRITERS) as pool:
        answers = list(pool.map(write, range(WRITERS)))

    statuses = sorted(status for status, _ in answers)
    record_property("writers", WRITERS)
    record_property("succeeded", statuses.count(200))
    record_property("conflicts_409", statuses.count(409))
    assert statuses == [200] + [409] * (WRITERS - 1)
    winner = next(body for status, body in answers if status == 200)
    ticket.refresh_from_db()
    assert ticket.description == winner["description"]
    assert ticket.version == winner["version"] == 2


def test_parallel_creates_with_one_idempotency_key_make_one_ticket(
    live_server, token, customer, record_property
):
    url = f"{live_server.url}/api/v1/tickets"
    body = {"description": "同一个请求重试多次", "channel": "app", "customer_id": customer.pk}

    def create(_n: int):
        return call(url, token, "POST", body, **{"Idempotency-Key": "retry-storm-1"})

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(create, range(CREATES)))

    record_property("creates", CREATES)
    record_property("tickets", Ticket.objects.count())
    assert {status for status, _ in answers} == {201}, answers[:1]
    assert len({body["number"] for _, body in answers}) == 1
    assert Ticket.objects.count() == 1


def test_a_mixed_load_gives_no_server_error_and_loses_no_created_ticket(
    live_server, token, customer, record_property
):
    base = f"{live_server.url}/api/v1"
    deadline = time.monotonic() + LOAD_SECONDS

    def client(n: int) -> tuple[list[int], list[str]]:
        statuses, created = [], []
        i = 0
        while time.monotonic() < deadline:
            i += 1
            if i % 3 == 0:
                body = {"description": f"负载 {n}-{i}", "channel": "web"}
                body["customer_id"] = customer.pk
                status, answer = call(f"{base}/tickets", token, "POST", body)
                if status == 201:
                    created.append(answer["number"])
            else:
                status, _ = call(f"{base}/tickets?limit=20", token)
            statuses.append(status)
        return statuses, created

    with ThreadPoolExecutor(LOAD_CLIENTS) as pool:
        results = list(pool.map(client, range(LOAD_CLIENTS)))

    statuses = [s for batch, _ in results for s in batch]
    created = [number for _, numbers in results for number in numbers]
    stored = set(Ticket.objects.values_list("number", flat=True))
    record_property("clients", LOAD_CLIENTS)
    record_property("seconds", LOAD_SECONDS)
    record_property("requests", len(statuses))
    record_property("errors_5xx", sum(s >= 500 for s in statuses))
    record_property("created_2xx", len(created))
    record_property("lost", len(set(created) - stored))
    assert [s for s in statuses if s >= 500] == []
    assert created, "the load created tickets"
    assert stored == set(created)
