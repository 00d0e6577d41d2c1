"""Calls are never scheduled or logged in the customer's rest hours (V-03, 一个避免)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import time_machine

from kefu.callbacks.models import CallbackRecord, RestPeriod
from kefu.callbacks.rest_hours import in_rest, next_allowed
from kefu.callbacks.services import CallData, record_call, schedule_call, set_rest_hours
from kefu.core.errors import Forbidden, InvalidInput
from tests.callbacks.conftest import at
from tests.callbacks.factories import TaskFactory
from tests.conftest import client_for

pytestmark = pytest.mark.req("V-03")

NOON = [(time(12), time(14)), (time(21), time(9))]


def test_the_default_rest_hours_are_lunch_and_night(db):
    assert sorted(RestPeriod.objects.values_list("starts_at", "ends_at", "name")) == [
        (time(12), time(14), "午休"),
        (time(21), time(9), "夜间"),
    ]


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (at(2026, 3, 10, 11, 59, 59), at(2026, 3, 10, 11, 59, 59)),
        (at(2026, 3, 10, 12, 0), at(2026, 3, 10, 14, 0)),
        (at(2026, 3, 10, 13, 59, 59), at(2026, 3, 10, 14, 0)),
        (at(2026, 3, 10, 14, 0), at(2026, 3, 10, 14, 0)),
        (at(2026, 3, 10, 20, 59, 59), at(2026, 3, 10, 20, 59, 59)),
        (at(2026, 3, 10, 21, 0), at(2026, 3, 11, 9, 0)),
        (at(2026, 3, 10, 23, 59), at(2026, 3, 11, 9, 0)),
        (at(2026, 3, 11, 0, 0), at(2026, 3, 11, 9, 0)),
        (at(2026, 3, 11, 8, 59, 59), at(2026, 3, 11, 9, 0)),
        (at(2026, 3, 11, 9, 0), at(2026, 3, 11, 9, 0)),
    ],
)
def test_the_boundaries_of_the_rest_hours(moment, allowed):
    assert next_allowed(moment, NOON) == allowed
    assert in_rest(moment, NOON) is (moment != allowed)


def test_a_moment_in_utc_is_judged_in_the_customers_time_zone():
    from datetime import UTC, datetime

    assert in_rest(datetime(2026, 3, 10, 4, 30, tzinfo=UTC), NOON)  # 12:30 in Shanghai
    assert not in_rest(datetime(2026, 3, 10, 6, 0, tzinfo=UTC), NOON)  # 14:00


def test_adjacent_rest_periods_chain_to_the_end_of_the_last():
    spans = [(time(12), time(14)), (time(14), time(15)), (time(21), time(9))]

    assert next_allowed(at(2026, 3, 10, 13, 0), spans) == at(2026, 3, 10, 15, 0)


def test_rest_hours_covering_the_whole_day_leave_no_time():
    assert next_allowed(at(2026, 3, 10, 10, 0), [(time(9), time(21)), (time(21), time(9))]) is None


# --- the services and the API refuse, and propose the next allowed time ------------------------


@pytest.fixture
def task(agent, team):
    return TaskFactory(agent=agent, team=team)


def test_scheduling_a_call_at_lunch_is_refused_with_the_next_allowed_time(agent, task):
    with (
        time_machine.travel(at(2026, 3, 10, 9, 0), tick=False),
        pytest.raises(InvalidInput) as refused,
    ):
        schedule_call(actor=agent, task=task, at=at(2026, 3, 10, 12, 30))

    assert refused.value.code == "rest_hours"
    assert refused.value.message == (
        "2026-03-10 12:30 is in the customer's rest hours; the next allowed time is "
        "2026-03-10 14:00."
    )
    assert refused.value.fields["next_allowed_at"] == "2026-03-10T14:00:00+08:00"
    task.refresh_from_db()
    assert task.scheduled_at is None


def test_scheduling_right_at_the_end_of_the_rest_hours_is_accepted(agent, task):
    with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False):
        schedule_call(actor=agent, task=task, at=at(2026, 3, 10, 14, 0))

    task.refresh_from_db()
    assert task.scheduled_at == at(2026, 3, 10, 14, 0)


def test_logging_a_call_made_at_night_is_refused_and_nothing_is_saved(agent, task):
    with (
        time_machine.travel(at(2026, 3, 10, 21, 30), tick=False),
        pytest.raises(InvalidInput) as refused,
    ):
        record_call(actor=agent, task=task, data=CallData(reached=True, outcome="satisfied"))

    assert refused.value.fields["next_allowed_at"] == "2026-03-11T09:00:00+08:00"
    assert CallbackRecord.objects.count() == 0


def test_a_time_the_customer_names_in_rest_hours_is_refused_too(agent, task):
    with (
        time_machine.travel(at(2026, 3, 10, 10, 0), tick=False),
        pytest.raises(InvalidInput) as refused,
    ):
        record_call(
            actor=agent,
            task=task,
            data=CallData(reached=True, rescheduled_to=at(2026, 3, 10, 22, 0), notes="客户在开会"),
        )

    assert refused.value.fields["next_allowed_at"] == "2026-03-11T09:00:00+08:00"
    assert CallbackRecord.objects.count() == 0


def test_the_api_refuses_a_call_in_rest_hours_with_the_next_allowed_time(agent, task):
    with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False):
        response = client_for(agent).post(
            f"/api/v1/callbacks/tasks/{task.pk}/schedule",
            {"at": "2026-03-10T12:15:00+08:00"},
            content_type="application/json",
        )

    assert response.status_code == 422
    assert response.json()["error"] == "rest_hours"
    assert response.json()["fields"]["next_allowed_at"] == "2026-03-10T14:00:00+08:00"


def test_the_api_tells_the_next_allowed_time(agent):
    response = client_for(agent).get(
        "/api/v1/callbacks/rest-hours/next-allowed?at=2026-03-10T23:00:00%2B08:00"
    )

    assert response.json() == {
        "at": "2026-03-10T23:00:00+08:00",
        "in_rest_hours": True,
        "next_allowed_at": "2026-03-11T09:00:00+08:00",
    }


# --- configurable per shop ---------------------------------------------------------------------


def test_a_manager_changes_the_rest_hours_and_the_rules_follow(manager, agent, task):
    set_rest_hours(
        actor=manager, spans=[(time(12, 30), time(13, 30), "午休"), (time(22), time(8), "夜间")]
    )

    with time_machine.travel(at(2026, 3, 10, 8, 0), tick=False):
        schedule_call(actor=agent, task=task, at=at(2026, 3, 10, 12, 0))
        with pytest.raises(InvalidInput):
            schedule_call(actor=agent, task=task, at=at(2026, 3, 10, 13, 0))
    assert next_allowed(at(2026, 3, 10, 23, 0)) == at(2026, 3, 11, 8, 0)


def test_an_agent_cannot_change_the_rest_hours(agent):
    with pytest.raises(Forbidden):
        set_rest_hours(actor=agent, spans=[])

    assert RestPeriod.objects.count() == 2


@pytest.mark.parametrize(
    "spans",
    [
        [(time(12), time(12), "")],
        [(time(9), time(21), "白天"), (time(21), time(9), "夜间")],
    ],
)
def test_empty_or_whole_day_rest_hours_are_refused(manager, spans):
    with pytest.raises(InvalidInput):
        set_rest_hours(actor=manager, spans=spans)

    assert RestPeriod.objects.count() == 2


def test_the_past_is_refused_when_scheduling(agent, task):
    with time_machine.travel(at(2026, 3, 10, 16, 0), tick=False), pytest.raises(InvalidInput):
        schedule_call(actor=agent, task=task, at=at(2026, 3, 10, 15, 0) - timedelta(minutes=1))
