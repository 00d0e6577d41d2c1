"""Two workers running the send job at the same moment send each survey exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kefu.core.models import Event
from kefu.notify.models import Message
from kefu.surveys.models import Survey
from kefu.surveys.services import send_due_surveys
from tests.customers.factories import CustomerFactory
from tests.surveys.factories import SurveyFactory
from tests.tickets.factories import TicketFactory

pytestmark = [
    pytest.mark.req("Q-01"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS = 4
SURVEYS = 12


def test_concurrent_send_jobs_send_each_due_survey_once():
    due = timezone.now() - timedelta(minutes=1)
    for n in range(SURVEYS):
        ticket = TicketFactory(
            customer=CustomerFactory(phone=f"+86138000000{n:02d}"),
            status="resolved",
            resolved_at=due,
        )
        SurveyFactory(ticket=ticket, send_at=due)
    barrier = threading.Barrier(WORKERS)
    counts: list[int] = []

    def worker() -> None:
        try:
            barrier.wait()
            counts.append(send_due_surveys())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == SURVEYS
    assert Survey.objects.filter(status="sent").count() == SURVEYS
    assert Message.objects.filter(template_event="survey.invitation").count() == SURVEYS
    assert Event.objects.filter(name="survey.sent").count() == SURVEYS
