"""On PostgreSQL workers claim outbox rows with SELECT … FOR UPDATE SKIP LOCKED: a row another
worker holds is passed over at once, never waited for; the conditional UPDATE still decides."""

from __future__ import annotations

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from kefu.core.events import deliver, record_event, register_handlers
from kefu.core.models import Delivery, Event

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.skipif(not POSTGRES, reason="SKIP LOCKED is PostgreSQL's; SQLite has one writer"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.req("P-08"),
]
ran: list[int] = []


def remember(event: Event) -> None:
    ran.append(event.pk)


register_handlers({"test.claimed": remember})


def _other_session() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def test_a_delivery_another_worker_holds_is_skipped_without_waiting(team):
    ran.clear()
    event = record_event("test.claimed", subject=team)
    delivery = Delivery.objects.get(event=event)
    with _other_session() as other:
        other.execute("SELECT id FROM core_delivery WHERE id = %s FOR UPDATE", [delivery.pk])
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # a wait would fail the test, not hang it
        skipped = deliver(delivery.pk)
        other.rollback()
    delivered = deliver(delivery.pk)

    assert (skipped, delivered) == (False, True)
    assert ran == [event.pk]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DONE, 1)
