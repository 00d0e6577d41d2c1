"""`kefu demo`: a living shop — customers, products, orders and tickets in every state,
category and sub-type, made through the services; a second run duplicates nothing (P-09)."""

from __future__ import annotations

import io
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count

from kefu.catalog.models import Order, Product
from kefu.core.models import Channel, User
from kefu.customers.models import Customer
from kefu.demo import load_demo
from kefu.notify.models import Message
from kefu.sla.models import Deadline
from kefu.tickets.models import Category, Escalation, Solution, Status, Subtype, Ticket

pytestmark = pytest.mark.req("P-09")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        started = time.monotonic()
        logins = load_demo(out=out)
        seconds = time.monotonic() - started
        yield {"out": out.getvalue(), "logins": logins, "seconds": seconds}
        transaction.set_rollback(True)


def test_the_demo_has_the_promised_numbers(demo, db):
    assert Customer.objects.count() >= 200
    assert Product.objects.count() >= 30
    assert Order.objects.count() >= 500
    assert Ticket.objects.count() >= 300
    # The first `make run` (SQLite) waits for this. It grew with pre-sales leads, care rules
    # and telemarketing (about 50 s alone on a quiet 2-core machine); the suite runs it beside
    # another worker, hence the margin. On PostgreSQL its ~50,000 statements each make a round
    # trip, and nobody loads the demo there on first run: the time is not promised.
    if connection.vendor == "sqlite":
        assert demo["seconds"] < 90
    assert "220 customers" in demo["out"]


def test_every_state_category_sub_type_and_channel_has_tickets(demo, db):
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Category.values) <= set(Ticket.objects.values_list("category", flat=True))
    assert set(Subtype.values) <= set(Ticket.objects.values_list("subtype", flat=True))
    assert set(Channel.values) <= set(Ticket.objects.values_list("channel", flat=True))


def test_the_desk_is_alive(demo, db):
    """Agitated customers, escalations, remedies half-way, merged duplicates, deadlines
    breached and due soon, and notices waiting in the outbox."""
    assert Ticket.objects.filter(agitated=True).count() >= 20
    assert Escalation.objects.filter(answered_at__isnull=True).exists()
    assert Escalation.objects.filter(answered_at__isnull=False).exists()
    chosen = Solution.objects.filter(status="chosen")
    assert chosen.filter(item_received_at__isnull=False).exists()
    assert chosen.filter(item_received_at__isnull=True).exists()
    assert Ticket.objects.filter(status="merged", merged_into__isnull=False).count() >= 10
    assert Deadline.objects.filter(breached_at__isnull=False).count() >= 10
    assert Deadline.objects.filter(warned_at__isnull=False, breached_at__isnull=True).exists()
    assert Ticket.objects.filter(assignee__isnull=True, status="new").exists()
    assert Message.objects.filter(template_event="ticket.progress").count() >= 50
    levels = Customer.objects.values("member_level").annotate(n=Count("id"))
    assert len(levels) == 5
    assert Customer.objects.filter(marketing_consent=False).exists()
    assert all(c.phone.startswith("+861") for c in Customer.objects.all())


def test_a_second_run_duplicates_nothing(demo, db):
    counts = [m.objects.count() for m in (User, Customer, Product, Order, Ticket, Message)]
    out = io.StringIO()

    logins = load_demo(out=out)

    assert [m.objects.count() for m in (User, Customer, Product, Order, Ticket, Message)] == counts
    assert "no demo records added" in out.getvalue()
    assert [u for u, _p, _r in logins] == [u for u, _p, _r in demo["logins"]]


def test_if_empty_does_nothing_once_there_are_users(demo, db):
    assert load_demo(if_empty=True, out=io.StringIO()) == []
