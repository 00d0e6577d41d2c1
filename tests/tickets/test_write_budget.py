"""Statement budgets of the write path: creating a ticket (API and the public form), replying,
changing its status. A change that makes one of them ask the database more fails here.

Statements are counted as a request after the setup committed would issue them: the cache
is reset after the fixtures and one request warms it. The SAVEPOINT pair of the request's
own transaction stands in for BEGIN/COMMIT and is not counted; any more are.
"""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kefu.core.cache import reset
from kefu.core.tokens import create_api_token
from kefu.tickets.models import Ticket
from tests.tickets.conftest import at

JSON = "application/json"
NOW = at(2026, 3, 9, 10, 0)


class Statements:
    def __init__(self, context: CaptureQueriesContext) -> None:
        sql = [q["sql"] for q in context.captured_queries]
        self.savepoints = [s for s in sql if s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
        self.counted = [s for s in sql if s not in self.savepoints]

    def __len__(self) -> int:
        return len(self.counted)

    def __repr__(self) -> str:
        return "\n".join(s[:160] for s in self.counted)


def measure(call):
    with CaptureQueriesContext(connection) as context:
        response = call()
    return response, Statements(context)


@pytest.fixture
def api(statutory_calendar, agent, admin_user):
    _token, key = create_api_token(actor=admin_user, user=agent, name="budget")
    reset()  # as in a later request: the fixtures' writes are committed, the cache is cold
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def create(api, customer):
    body = {"description": "手机无法开机", "channel": "wechat", "customer_id": customer.pk}
    return api.post("/api/v1/tickets", body, content_type=JSON)


@pytest.mark.req("P-06", "A-01")
def test_creating_a_ticket_through_the_api_takes_at_most_ten_statements(api, customer):
    with time_machine.travel(NOW, tick=False):
        create(api, customer)  # warms the policy and calendar caches
        response, statements = measure(lambda: create(api, customer))

    assert response.status_code == 201
    assert response.json()["next_due_at"] == "2026-03-09T03:00:00Z"
    assert len(statements) <= 10, statements
    assert len(statements.savepoints) <= 2, statements.savepoints


@pytest.mark.req("P-06", "A-01")
def test_replying_to_a_new_ticket_takes_at_most_fifteen_statements(api, customer):
    with time_machine.travel(NOW, tick=False):
        number = create(api, customer).json()["number"]
        body = {"body": "您好，已收到您的问题"}
        url = f"/api/v1/tickets/{number}/reply"
        response, statements = measure(lambda: api.post(url, body, content_type=JSON))

    ticket = Ticket.objects.get(number=number)
    assert response.status_code == 201
    assert (ticket.status, ticket.first_responded_at, ticket.next_due_at) == (
        "diagnosing",
        NOW,
        None,
    )
    assert len(statements) <= 15, statements
    assert len(statements.savepoints) <= 2, statements.savepoints


@pytest.mark.req("P-06", "A-07")
def test_resolving_a_ticket_takes_at_most_fifteen_statements(api, customer):
    with time_machine.travel(NOW, tick=False):
        number = create(api, customer).json()["number"]
        api.post(f"/api/v1/tickets/{number}/reply", {"body": "您好"}, content_type=JSON)
        url = f"/api/v1/tickets/{number}/resolve"
        body = {"resolution": "已指导客户重启"}
        response, statements = measure(lambda: api.post(url, body, content_type=JSON))

    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    assert len(statements) <= 15, statements
    assert len(statements.savepoints) <= 2, statements.savepoints


@pytest.mark.req("A-01")
def test_the_public_form_opens_a_ticket_for_a_known_customer_in_at_most_twelve_statements(
    statutory_calendar, agent, customer
):
    form = {"name": "王伟", "phone": "139 1234 5678", "description": "耳机左耳没有声音"}
    client = Client()
    reset()
    with time_machine.travel(NOW, tick=False):
        client.post("/support/", form)
        response, statements = measure(lambda: client.post("/support/", form))

    assert response.status_code == 302
    assert Ticket.objects.filter(customer=customer, channel="web").count() == 2
    assert len(statements) <= 12, statements
    # Two transactions: the ticket's, then the session's (the number for the thanks page).
    assert len(statements.savepoints) <= 4, statements.savepoints


def test_the_ticket_page_takes_at_most_ten_statements(api, agent, customer, order):
    """A ticket with an order, the agent's reply and an offered remedy: the session, the user,
    the ticket (which of its lists have rows), the order's items, messages, events, the offered
    solution, deadlines, notices and the customer's other tickets. Staff and scripts are cached."""
    page = Client()
    page.force_login(agent)
    reset()  # the login saved the user: as in a later request, that write is committed
    with time_machine.travel(NOW, tick=False):
        body = {"description": "屏幕有坏点", "channel": "wechat", "customer_id": customer.pk}
        number = api.post(
            "/api/v1/tickets", {**body, "order_number": order.number}, content_type=JSON
        ).json()["number"]
        api.post(f"/api/v1/tickets/{number}/reply", {"body": "您好"}, content_type=JSON)
        offer = {"solutions": [{"kind": "exchange"}, {"kind": "free_repair"}]}
        offered = api.post(f"/api/v1/tickets/{number}/solutions", offer, content_type=JSON)
        page.get(f"/tickets/{number}/")  # warms the staff and script caches
        response, statements = measure(lambda: page.get(f"/tickets/{number}/"))

    html = response.content.decode()
    assert offered.status_code == 201, offered.content
    assert response.status_code == 200
    assert number in html and "您好" in html
    assert len(statements) <= 10, statements
