"""What rarely changes is cached under versioned keys: policies and the calendar are read
without a query, and an edit through the services is seen by the next read."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kefu.core.cache import reset
from kefu.sla.services import (
    compute_due,
    current_calendar,
    policy,
    set_calendar_day,
    update_policy,
)

pytestmark = pytest.mark.req("P-04")
KEY = "complaint.first_contact"


def test_a_policy_read_twice_is_asked_of_the_database_once(db):
    reset()
    with CaptureQueriesContext(connection) as first:
        policy(KEY)
    with CaptureQueriesContext(connection) as second:
        row = policy(KEY)

    assert len(first.captured_queries) == 1
    assert len(second.captured_queries) == 0
    assert row.key == KEY


def test_an_edited_policy_is_used_by_the_very_next_deadline(admin_user):
    reset()
    start = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)
    policy(KEY)  # cached

    update_policy(actor=admin_user, key=KEY, changes={"minutes": 90, "clock": "calendar"})

    assert policy(KEY).minutes == 90
    assert compute_due(policy(KEY), start).due_at == datetime(2026, 3, 9, 3, 30, tzinfo=UTC)


def test_an_edit_that_rolls_back_leaves_the_old_policy_in_force(admin_user):
    reset()
    before = policy(KEY).minutes

    with pytest.raises(RuntimeError), transaction.atomic():
        update_policy(actor=admin_user, key=KEY, changes={"minutes": before + 1})
        raise RuntimeError("the rest of the change failed")

    assert policy(KEY).minutes == before


def test_the_calendar_is_read_without_a_query_until_an_admin_changes_it(
    statutory_calendar, admin_user
):
    reset()
    current_calendar()
    with CaptureQueriesContext(connection) as cached:
        assert current_calendar().is_workday(date(2026, 3, 9)) is True

    set_calendar_day(actor=admin_user, day=date(2026, 3, 9), kind="holiday", name="店庆")

    assert len(cached.captured_queries) == 0
    assert current_calendar().is_workday(date(2026, 3, 9)) is False
