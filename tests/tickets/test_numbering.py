"""Ticket numbers (A-01): human-readable, per local day, never repeated by concurrent intake."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import connection, transaction

from kefu.tickets.models import TicketSequence
from kefu.tickets.services.intake import next_number
from tests.tickets.conftest import at

pytestmark = [
    pytest.mark.req("A-01"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_intake_never_gives_a_number_twice():
    numbers: list[str] = []
    errors: list[BaseException] = []

    def take_five() -> None:
        try:
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(next_number(at(2026, 3, 9, 10, 0)))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        workers = [threading.Thread(target=take_five) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)

    assert errors == []
    assert sorted(numbers) == [f"T260309{n:04d}" for n in range(1, 21)]
    assert TicketSequence.objects.get().last == 20
