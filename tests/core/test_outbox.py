"""The event outbox: written with the change, delivered once, retried with backoff, never lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from kefu.core import events
from kefu.core.events import deliver, pump, record_event, register_handlers
from kefu.core.models import Delivery, Event, Team
from tests.conftest import client_for

calls: list[int] = []


def count_call(event: Event) -> None:
    calls.append(event.pk)
    Team.objects.create(name=f"created-by-handler-{event.pk}")


def always_fails(event: Event) -> None:
    Team.objects.create(name=f"half-written-{event.pk}")
    raise RuntimeError("SMS gateway down for 13812345678")


register_handlers({"test.counted": count_call, "test.failing": always_fails})


@pytest.fixture(autouse=True)
def _reset_calls():
    calls.clear()


def test_an_event_and_its_deliveries_exist_only_if_the_change_commits(team):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event("test.counted", subject=team)
        raise RuntimeError("the change failed")

    assert Event.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_a_delivery_runs_once_even_when_asked_twice(team):
    event = record_event("test.counted", subject=team)
    delivery = Delivery.objects.get(event=event)

    assert deliver(delivery.pk) is True
    assert deliver(delivery.pk) is False
    assert pump() == 0

    delivery.refresh_from_db()
    assert calls == [event.pk]
    assert delivery.status == Delivery.Status.DONE
    assert delivery.attempts == 1
    assert Team.objects.filter(name=f"created-by-handler-{event.pk}").count() == 1


def test_a_failing_handler_is_retried_with_growing_delay_and_its_writes_rolled_back(team):
    delays = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        event = record_event("test.failing", subject=team)
        delivery = Delivery.objects.get(event=event)
        for _ in range(3):
            assert pump() == 0
            delivery.refresh_from_db()
            delays.append(delivery.next_attempt_at - timezone.now())
            clock.move_to(delivery.next_attempt_at)

    assert delays == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 3
    assert "RuntimeError" in delivery.last_error
    assert "13812345678" not in delivery.last_error
    assert not Team.objects.filter(name__startswith="half-written").exists()


def test_a_handler_that_keeps_failing_lands_in_the_failed_queue_and_an_admin_requeues_it(
    team, admin_user, agent
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        event = record_event("test.failing", subject=team)
        delivery = Delivery.objects.get(event=event)
        for _ in range(events.MAX_ATTEMPTS):
            pump()
            delivery.refresh_from_db()
            clock.move_to(delivery.next_attempt_at)
    assert delivery.status == Delivery.Status.FAILED

    refused = client_for(agent).post(f"/api/v1/outbox/{delivery.pk}/retry")
    listed = client_for(admin_user).get("/api/v1/outbox/failed")
    retried = client_for(admin_user).post(f"/api/v1/outbox/{delivery.pk}/retry")

    assert refused.status_code == 403
    assert [row["id"] for row in listed.json()] == [delivery.pk]
    assert listed.json()[0]["event"] == "test.failing"
    assert retried.status_code == 204
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 0)


def test_a_delivery_claimed_by_a_worker_that_died_is_run_again_after_its_lease(team):
    event = record_event("test.counted", subject=team)
    delivery = Delivery.objects.get(event=event)
    claimed_at = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.RUNNING, claimed_at=claimed_at, attempts=1
    )

    with time_machine.travel(claimed_at + timedelta(minutes=1), tick=False):
        assert pump() == 0
    with time_machine.travel(claimed_at + events.CLAIM_LEASE + timedelta(seconds=1), tick=False):
        assert pump() == 1

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DONE
    assert calls == [event.pk]


def test_an_event_with_no_handler_is_kept_for_the_timeline(team):
    event = record_event("test.unhandled", subject=team, payload={"step": "received"})

    assert Event.objects.get(pk=event.pk).payload == {"step": "received"}
    assert event.subject_type == "core.team"
    assert event.subject_id == str(team.pk)
    assert Delivery.objects.filter(event=event).count() == 0


@pytest.mark.django_db(transaction=True)  # the worker manages its own connection
def test_one_worker_pass_runs_the_deliveries_of_a_change_and_nothing_is_queued_for_it(team):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    event = record_event("test.counted", subject=team)
    queued = DBTaskResult.objects.count()
    call_command("worker", "--once")

    assert queued == 0  # the outbox is the queue: a change writes no task row
    assert calls == [event.pk]
    assert Delivery.objects.get(event=event).status == Delivery.Status.DONE
