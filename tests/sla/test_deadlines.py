"""Deadlines (P-04): computed from a policy on the calendar, warned, recorded as met or breached."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kefu.core.models import Event
from kefu.sla.models import Deadline
from kefu.sla.services import (
    cancel_deadlines,
    meet_deadline,
    scan_deadlines,
    start_deadline,
    update_policy,
)
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-04")
SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_an_online_inquiry_on_a_workday_is_due_in_30_working_minutes(statutory_calendar, team):
    # 000 §二(一): 线上咨询 工作日内30分钟内回复 — Friday 2026-01-09 11:50, lunch 12:00–13:30.
    row = start_deadline(
        kind="inquiry.online.first_response", subject=team, started_at=at(2026, 1, 9, 11, 50)
    )

    assert row.due_at == at(2026, 1, 9, 13, 50)
    assert row.warn_at == at(2026, 1, 9, 13, 40)
    assert row.estimated is False


def test_an_online_inquiry_on_a_holiday_is_due_in_24_calendar_hours(statutory_calendar, team):
    # 非工作日（含节假日）24小时内回复 — 2026-10-03 is in the National Day holiday.
    row = start_deadline(
        kind="inquiry.online.first_response", subject=team, started_at=at(2026, 10, 3, 15, 0)
    )

    assert row.due_at == at(2026, 10, 4, 15, 0)


def test_a_make_up_saturday_is_a_workday(statutory_calendar, team):
    # 2026-09-20 (Sunday) is a 调休 workday before National Day.
    row = start_deadline(
        kind="ticket.online.first_response", subject=team, started_at=at(2026, 9, 20, 17, 30)
    )

    assert row.due_at == at(2026, 9, 21, 9, 30)


def test_a_deadline_in_a_year_without_calendar_data_is_computed_and_flagged(
    statutory_calendar, team
):
    row = start_deadline(
        kind="ticket.online.first_response", subject=team, started_at=at(2026, 12, 31, 17, 30)
    )

    # 2027 has no holiday data: weekends-only, so Friday 2027-01-01 counts as a workday.
    assert row.due_at == at(2027, 1, 1, 9, 30)
    assert row.estimated is True


def test_a_policy_change_applies_to_new_deadlines_only(statutory_calendar, team, manager):
    before = start_deadline(
        kind="complaint.first_contact", subject=team, started_at=at(2026, 3, 2, 10, 0)
    )
    update_policy(actor=manager, key="complaint.first_contact", changes={"minutes": 30})
    after = start_deadline(
        kind="complaint.first_contact", subject=team, started_at=at(2026, 3, 2, 10, 0)
    )

    before.refresh_from_db()
    assert before.due_at == at(2026, 3, 2, 11, 0)
    assert after.due_at == at(2026, 3, 2, 10, 30)


def test_the_scan_warns_then_breaches_each_deadline_once(statutory_calendar, team):
    row = start_deadline(
        kind="complaint.first_contact", subject=team, started_at=at(2026, 3, 2, 10, 0)
    )

    with time_machine.travel(at(2026, 3, 2, 10, 30), tick=False):
        assert scan_deadlines() == (0, 0)
    with time_machine.travel(at(2026, 3, 2, 10, 46), tick=False):
        assert scan_deadlines() == (1, 0)
        assert scan_deadlines() == (0, 0)
    with time_machine.travel(at(2026, 3, 2, 11, 5), tick=False):
        assert scan_deadlines() == (0, 1)
        assert scan_deadlines() == (0, 0)

    row.refresh_from_db()
    assert row.warned_at == at(2026, 3, 2, 10, 46)
    assert row.breached_at == at(2026, 3, 2, 11, 0)
    assert row.status == Deadline.Status.BREACHED
    assert list(Event.objects.order_by("pk").values_list("name", flat=True)) == [
        "deadline.warned",
        "deadline.breached",
    ]


def test_a_deadline_met_in_time_is_recorded_as_met_and_never_breached(statutory_calendar, team):
    start_deadline(kind="complaint.first_contact", subject=team, started_at=at(2026, 3, 2, 10, 0))

    row = meet_deadline(kind="complaint.first_contact", subject=team, at=at(2026, 3, 2, 10, 20))
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):
        assert scan_deadlines() == (0, 0)

    assert row is not None
    assert (row.status, row.met_at, row.breached_at) == ("met", at(2026, 3, 2, 10, 20), None)


def test_a_deadline_met_late_stays_breached(statutory_calendar, team):
    start_deadline(kind="complaint.first_contact", subject=team, started_at=at(2026, 3, 2, 10, 0))

    row = meet_deadline(kind="complaint.first_contact", subject=team, at=at(2026, 3, 2, 12, 0))

    assert row is not None
    assert row.breached_at == at(2026, 3, 2, 11, 0)
    assert row.status == Deadline.Status.BREACHED
    assert Event.objects.get(name="deadline.met").payload["late"] is True


def test_the_api_shows_time_left(statutory_calendar, team, agent):
    row = start_deadline(
        kind="complaint.first_contact", subject=team, owner=agent, started_at=at(2026, 3, 2, 10, 0)
    )

    with time_machine.travel(at(2026, 3, 2, 10, 15), tick=False):
        body = client_for(agent).get(f"/api/v1/deadlines/{row.pk}").json()

    assert body["seconds_left"] == int(timedelta(minutes=45).total_seconds())
    assert body["status"] == "open"
    assert body["due_at"] == "2026-03-02T03:00:00Z"


def test_a_chosen_due_time_replaces_the_policy_duration_but_keeps_its_warning_lead(
    statutory_calendar, team
):
    row = start_deadline(
        kind="ticket.promised_resolution",
        subject=team,
        started_at=at(2026, 3, 2, 10, 0),
        due_at=at(2026, 3, 3, 15, 0),
    )

    # 承诺解决时间 warns 120 minutes ahead.
    assert (row.due_at, row.warn_at, row.estimated) == (
        at(2026, 3, 3, 15, 0),
        at(2026, 3, 3, 13, 0),
        False,
    )


def test_a_cancelled_deadline_is_neither_met_nor_breached(statutory_calendar, team):
    start_deadline(kind="complaint.first_contact", subject=team, started_at=at(2026, 3, 2, 10, 0))

    assert cancel_deadlines(subject=team, at=at(2026, 3, 2, 10, 5)) == 1
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):
        assert scan_deadlines() == (0, 0)
    assert meet_deadline(kind="complaint.first_contact", subject=team) is None

    row = Deadline.objects.get()
    assert (row.status, row.met_at, row.breached_at) == ("cancelled", None, None)
    assert Event.objects.count() == 0
