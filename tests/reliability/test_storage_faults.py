"""A database that refuses to write — a read-only SQLite file, a full disk — gives a clear 503
in the user's language, writes nothing and corrupts nothing (issue 14)."""

from __future__ import annotations

import pytest
from django.db import connection

from kefu.tickets.models import Ticket
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

pytestmark = [
    pytest.mark.req("P-06"),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite file faults"),
]


def pragma(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return str(row[0]) if row else ""


@pytest.fixture
def customer(team):
    return CustomerFactory(team=team)


@pytest.mark.parametrize(
    ("fault", "undo"),
    [
        ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
        ("PRAGMA max_page_count = {pages}", "PRAGMA max_page_count = 1073741823"),
    ],
    ids=["read-only", "disk-full"],
)
def test_a_write_the_database_refuses_is_a_503_and_changes_nothing(
    statutory_calendar, agent, customer, fault, undo
):
    client = client_for(agent)
    pages = pragma("PRAGMA page_count")
    body = {"description": "x" * 4000, "channel": "web", "customer_id": customer.pk}
    pragma(fault.format(pages=pages))

    api = client.post("/api/v1/tickets", body, content_type="application/json")
    page = client.post("/tickets/new/", {**body, "customer": customer.pk})
    pragma(undo)

    assert api.status_code == 503
    assert api.json()["error"] == "storage_unavailable"
    assert "无法保存" in api.json()["message"]
    assert page.status_code == 503
    assert "无法保存" in page.content.decode()
    assert Ticket.objects.count() == 0
    assert pragma("PRAGMA integrity_check") == "ok"
