"""A failed send is retried with growing delay, then lands in the failed queue a supervisor sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kefu.core.errors import Conflict, Forbidden, NotFound
from kefu.core.models import AuditEntry, Event
from kefu.notify.dispatcher import CLAIM_LEASE, MAX_ATTEMPTS, dispatch, dispatch_due
from kefu.notify.models import Message
from kefu.notify.services import retry_message
from tests.conftest import client_for
from tests.notify.factories import MessageFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]


def failed_message() -> Message:
    """A message whose every attempt failed, as the dispatcher leaves it."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        message = MessageFactory(recipient="+8613812345678")
        for _ in range(MAX_ATTEMPTS):
            dispatch_due()
            message.refresh_from_db()
            clock.move_to(message.next_attempt_at)
    return message


def test_a_failing_send_is_retried_after_30_seconds_then_1_then_2_minutes(gateway_down):
    delays = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        message = MessageFactory(recipient="+8613812345678")
        for _ in range(4):
            assert dispatch_due() == 0
            assert dispatch(message.pk) is False  # not due yet: no second attempt
            message.refresh_from_db()
            delays.append(message.next_attempt_at - timezone.now())
            clock.move_to(message.next_attempt_at)

    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert (message.status, message.attempts) == ("queued", 4)
    assert message.last_error == "SendError: gateway down, could not reach 138****5678"


def test_the_delay_between_attempts_stops_growing_at_one_hour(gateway_down):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        message = MessageFactory()
        for _ in range(MAX_ATTEMPTS - 1):
            dispatch_due()
            message.refresh_from_db()
            clock.move_to(message.next_attempt_at)
        Message.objects.filter(pk=message.pk).update(attempts=10)
        dispatch_due()
        message.refresh_from_db()
        assert message.next_attempt_at - timezone.now() == timedelta(hours=1)


def test_after_the_last_attempt_the_message_is_failed_and_never_tried_again(gateway_down):
    message = failed_message()

    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    with time_machine.travel(message.next_attempt_at + timedelta(days=1)):
        assert dispatch(message.pk) is False
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS


def test_a_supervisor_sees_the_failed_queue_with_the_recipient_masked(gateway_down, supervisor):
    message = failed_message()
    MessageFactory()  # still queued: not in the failed queue

    api = client_for(supervisor).get("/api/v1/notifications?status=failed")
    page = client_for(supervisor).get("/notifications/failed/")

    assert api.status_code == 200
    [row] = api.json()["items"]
    assert (row["id"], row["status"], row["recipient"], row["attempts"]) == (
        message.pk,
        "failed",
        "138****5678",
        MAX_ATTEMPTS,
    )
    assert row["last_error"] == "SendError: gateway down, could not reach 138****5678"
    assert page.status_code == 200
    html = page.content.decode()
    assert "138****5678" in html
    assert "13812345678" not in html
    assert f'data-id="{message.pk}"' in html


def test_a_supervisor_retries_a_failed_message_and_it_is_sent(gateway_down, supervisor, settings):
    message = failed_message()
    settings.KEFU_SMS_BACKEND = "tests.notify.backends.RecordingBackend"

    response = client_for(supervisor).post(f"/api/v1/notifications/{message.pk}/retry")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"]) == ("queued", 0)
    assert dispatch(message.pk) is True
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert (
        AuditEntry.objects.filter(
            action="notification.retried", actor=supervisor, subject_id=str(message.pk)
        ).count()
        == 1
    )


def test_the_retry_button_on_the_failed_page_queues_the_message_again(gateway_down, supervisor):
    message = failed_message()
    client = client_for(supervisor)

    plain = client.post(f"/notifications/{message.pk}/retry/")
    message.refresh_from_db()

    assert plain.status_code == 302
    assert plain.url == "/notifications/failed/"
    assert message.status == "queued"
    page = client.get("/notifications/failed/").content.decode()
    assert f'data-id="{message.pk}"' not in page


def test_the_retry_button_answers_htmx_with_the_row_part(gateway_down, supervisor):
    message = failed_message()

    response = client_for(supervisor).post(
        f"/notifications/{message.pk}/retry/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'data-testid="retried"' in response.content.decode()


def test_an_agent_may_not_see_or_retry_failed_messages_and_nothing_changes(gateway_down, agent):
    message = failed_message()
    client = client_for(agent)

    listed = client.get("/api/v1/notifications?status=failed")
    retried = client.post(f"/api/v1/notifications/{message.pk}/retry")
    page = client.get("/notifications/failed/")
    button = client.post(f"/notifications/{message.pk}/retry/")
    with pytest.raises(Forbidden):
        retry_message(actor=agent, message_id=message.pk)

    assert [listed.status_code, retried.status_code, page.status_code, button.status_code] == [
        403,
        403,
        403,
        403,
    ]
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert not AuditEntry.objects.filter(action="notification.retried").exists()
    assert Event.objects.filter(name__startswith="notification").count() == 0


@pytest.mark.parametrize("status", ["queued", "sending", "sent"])
def test_only_a_failed_message_can_be_retried(supervisor, status):
    message = MessageFactory(status=status, attempts=2)

    with pytest.raises(Conflict):
        retry_message(actor=supervisor, message_id=message.pk)
    response = client_for(supervisor).post(f"/api/v1/notifications/{message.pk}/retry")

    assert response.status_code == 409
    assert response.json()["error"] == "illegal_transition"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (status, 2)
    assert not AuditEntry.objects.filter(action="notification.retried").exists()


def test_retrying_a_message_that_does_not_exist_is_a_clear_404(supervisor):
    with pytest.raises(NotFound):
        retry_message(actor=supervisor, message_id=999_999)
    assert client_for(supervisor).post("/api/v1/notifications/999999/retry").status_code == 404
    assert client_for(supervisor).post("/notifications/999999/retry/").status_code == 404


def test_an_unknown_status_filter_is_refused_with_422(supervisor):
    response = client_for(supervisor).get("/api/v1/notifications?status=lost")

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_status"


def test_a_message_claimed_by_a_worker_that_died_is_sent_after_the_lease(sent):
    message = MessageFactory()
    claimed_at = timezone.now()
    Message.objects.filter(pk=message.pk).update(
        status="sending", claimed_at=claimed_at, attempts=1
    )

    with time_machine.travel(claimed_at + timedelta(minutes=1), tick=False):
        assert dispatch_due() == 0
    with time_machine.travel(claimed_at + CLAIM_LEASE + timedelta(seconds=1), tick=False):
        assert dispatch_due() == 1

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert [pk for pk, _phone, _body in sent] == [message.pk]


def test_a_sent_message_is_never_claimed_again_even_past_any_lease(sent):
    message = MessageFactory()
    dispatch(message.pk)

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert dispatch_due() == 0
        assert dispatch(message.pk) is False

    assert len(sent) == 1
