"""Never twice for one event: one message per (event, channel, recipient), one send each."""

from __future__ import annotations

import pytest
from django.db import transaction

from kefu.core.events import deliver, record_event, register_handlers
from kefu.core.models import Delivery, Event
from kefu.notify import services
from kefu.notify.dispatcher import dispatch, dispatch_due
from kefu.notify.models import Message
from kefu.notify.services import notify
from tests.notify.factories import EventFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]

CONTEXT = {
    "ticket_number": "T20250601-0007",
    "customer_name": "张先生",
    "step_label": "维修中",
    "eta": "明天下午",
    "brand": "客服商城",
}


def progress_sms(event: Event, phone: str = "13812345678") -> Message | None:
    return notify(
        event=event,
        channel="sms",
        recipient=phone,
        template_event="ticket.progress",
        language="zh-hans",
        context=CONTEXT,
    )


def tell_customer(event: Event) -> None:
    progress_sms(event)


register_handlers({"test.progress_noted": tell_customer})


def test_notifying_twice_about_one_event_queues_one_message(sent):
    event = EventFactory()

    first = progress_sms(event)
    second = progress_sms(event, phone="+86 138 1234 5678")

    assert second.pk == first.pk
    assert Message.objects.count() == 1
    assert (first.status, first.recipient, first.customer_id) == ("queued", "+8613812345678", 42)


def test_the_same_event_still_reaches_another_recipient_and_another_channel(sent):
    event = EventFactory()

    progress_sms(event)
    progress_sms(event, phone="13900001111")
    notify(
        event=event,
        channel="email",
        recipient="zhang@example.com",
        template_event="ticket.progress",
        language="zh-hans",
        context=CONTEXT,
    )

    assert sorted(Message.objects.values_list("channel", "recipient")) == [
        ("email", "zhang@example.com"),
        ("sms", "+8613812345678"),
        ("sms", "+8613900001111"),
    ]


def test_manual_sends_without_an_event_are_not_deduplicated(sent):
    progress_sms(None)
    progress_sms(None)

    assert Message.objects.filter(event=None).count() == 2


def test_a_lost_race_to_insert_returns_the_winners_message_and_the_caller_goes_on(
    sent, monkeypatch
):
    event = EventFactory()
    winner = progress_sms(event)
    real, calls = services._existing, []

    def looked_before_the_winner_committed(*args: object) -> Message | None:
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services, "_existing", looked_before_the_winner_committed)
    with transaction.atomic():
        loser = progress_sms(event)
        assert Event.objects.filter(pk=event.pk).exists()  # the caller's transaction is usable

    assert loser.pk == winner.pk
    assert len(calls) == 2
    assert Message.objects.count() == 1


def test_dispatching_a_message_twice_sends_it_once(sent):
    message = progress_sms(EventFactory())

    assert dispatch(message.pk) is True
    assert dispatch(message.pk) is False
    assert dispatch_due() == 0

    message.refresh_from_db()
    assert [(pk, phone) for pk, phone, _body in sent] == [(message.pk, "+8613812345678")]
    assert (message.status, message.attempts, message.provider_message_id) == (
        "sent",
        1,
        f"rec-{message.pk}",
    )
    assert message.sent_at is not None


def test_a_handler_run_twice_for_one_event_sends_one_sms(sent, team):
    event = record_event("test.progress_noted", subject=team, customer_id=42)
    delivery = Delivery.objects.get(event=event)

    assert deliver(delivery.pk) is True
    Delivery.objects.filter(pk=delivery.pk).update(status="pending")  # as if replayed
    assert deliver(delivery.pk) is True
    dispatch_due()
    dispatch_due()

    assert Message.objects.filter(event=event).count() == 1
    assert len(sent) == 1


def test_a_message_queued_in_a_transaction_that_rolls_back_does_not_exist(sent):
    event = EventFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        progress_sms(event)
        raise RuntimeError("the ticket change failed")

    assert Message.objects.count() == 0


def test_a_committed_message_is_handed_to_the_task_queue(sent, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        message = progress_sms(EventFactory())

    task = DBTaskResult.objects.get(task_path="kefu.notify.tasks.send_message")
    assert task.args_kwargs["args"] == [message.pk]


def test_the_periodic_dispatcher_is_registered_with_the_worker():
    from kefu.core.periodic import jobs

    job = {j.name: j for j in jobs()}["notify.dispatch"]
    assert job.every.total_seconds() == 5
