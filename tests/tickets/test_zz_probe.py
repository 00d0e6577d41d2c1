import pytest, time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.conftest import client_for
from tests.tickets.conftest import at

def test_probe(statutory_calendar, agent, customer, order):
    api = client_for(agent)
    body = {"description": "手机无法开机", "channel": "wechat", "customer_id": customer.pk}
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        api.post("/api/v1/tickets", body, content_type="application/json")
        with CaptureQueriesContext(connection) as ctx:
            r = api.post("/api/v1/tickets", body, content_type="application/json")
    assert r.status_code == 201, r.content
    for q in ctx.captured_queries:
        print(q["sql"][:300])
    print(len(ctx.captured_queries))
