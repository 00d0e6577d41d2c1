"""The callback record (回访记录表): complete or refused; the deadline met by the call that
reaches the customer; a time the customer names reschedules the call (V-02, V-03)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from kefu.callbacks.models import CallbackRecord, CallbackTask
from kefu.callbacks.services import CallData, record_call
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Event
from kefu.sla.models import Deadline
from kefu.sla.services import start_deadline
from tests.callbacks.conftest import at
from tests.callbacks.factories import TaskFactory
from tests.conftest import client_for

pytestmark = pytest.mark.req("V-02")

CALLED = at(2026, 3, 10, 10, 30)


@pytest.fixture
def task(agent, team):
    task = TaskFactory(agent=agent, team=team, service_at=at(2026, 3, 9, 10))
    deadline = start_deadline(
        kind="callback.due", subject=task, started_at=task.service_at, owner=agent
    )
    CallbackTask.objects.filter(pk=task.pk).update(due_at=deadline.due_at)
    task.refresh_from_db()
    return task


def record(actor, task, **data):
    with time_machine.travel(CALLED, tick=False):
        return record_call(actor=actor, task=task, data=CallData(**data))


def test_a_satisfied_customer_completes_the_call_and_meets_its_deadline(agent, task):
    row = record(agent, task, reached=True, outcome="satisfied", suggestions="希望多些优惠活动")

    task.refresh_from_db()
    assert (row.reached, row.outcome, row.suggestions, row.called_at, row.agent) == (
        True,
        "satisfied",
        "希望多些优惠活动",
        CALLED,
        agent,
    )
    assert (task.status, task.outcome, task.attempts, task.done_at) == (
        "done",
        "satisfied",
        1,
        CALLED,
    )
    deadline = Deadline.objects.get(kind="callback.due")
    assert (deadline.met_at, deadline.breached_at) == (CALLED, None)
    event = Event.objects.get(name="callback.recorded")
    assert (event.customer_id, event.payload["outcome"]) == (task.customer_id, "satisfied")


def test_an_unsatisfied_customer_says_what_to_improve_and_may_need_a_follow_up(agent, task):
    record(
        agent,
        task,
        reached=True,
        outcome="unsatisfied",
        to_improve="维修等待时间太长",
        follow_up_needed=True,
        follow_up_note="主管致电道歉，补偿优惠券",
    )

    row = CallbackRecord.objects.get()
    assert (row.to_improve, row.follow_up_needed, row.follow_up_note) == (
        "维修等待时间太长",
        True,
        "主管致电道歉，补偿优惠券",
    )


def test_a_customer_not_reached_keeps_the_call_open(agent, task):
    record(agent, task, reached=False, notes="无人接听")

    task.refresh_from_db()
    assert (task.status, task.attempts) == ("open", 1)
    assert Deadline.objects.get(kind="callback.due").met_at is None


def test_a_customer_who_names_a_better_time_gets_the_call_rescheduled(agent, task):
    better = at(2026, 3, 10, 19, 0)
    record(agent, task, reached=True, rescheduled_to=better, notes="客户在开车，约晚上七点")

    task.refresh_from_db()
    assert (task.status, task.scheduled_at) == ("open", better)


INCOMPLETE = [
    ({"reached": None}, "reached"),
    ({"reached": True}, "outcome"),
    ({"reached": True, "outcome": "great"}, "outcome"),
    ({"reached": True, "outcome": "neutral"}, "to_improve"),
    ({"reached": True, "outcome": "unsatisfied", "to_improve": "  "}, "to_improve"),
    ({"reached": False}, "notes"),
    ({"reached": False, "outcome": "satisfied", "notes": "关机"}, "outcome"),
    ({"reached": True, "outcome": "satisfied", "follow_up_needed": True}, "follow_up_note"),
]


@pytest.mark.parametrize(("data", "field"), INCOMPLETE)
def test_an_incomplete_record_is_refused_and_nothing_is_saved(agent, task, data, field):
    with pytest.raises(InvalidInput) as refused:
        record(agent, task, **data)

    assert refused.value.code == "incomplete_record"
    assert field in refused.value.fields
    task.refresh_from_db()
    assert (task.status, task.attempts) == ("open", 0)
    assert CallbackRecord.objects.count() == 0
    assert not Event.objects.filter(name="callback.recorded").exists()


def test_a_call_cannot_be_recorded_ahead_of_time(agent, task):
    with pytest.raises(InvalidInput) as refused:
        record(
            agent, task, reached=True, outcome="satisfied", called_at=CALLED + timedelta(hours=1)
        )

    assert list(refused.value.fields) == ["called_at"]


def test_another_agent_cannot_record_the_call_and_nothing_changes(teammate, task):
    with pytest.raises(Forbidden):
        record(teammate, task, reached=True, outcome="satisfied")

    assert CallbackRecord.objects.count() == 0
    assert not Event.objects.filter(name="callback.recorded").exists()


def test_a_supervisor_may_record_a_call_for_the_agent(supervisor, task):
    record(supervisor, task, reached=True, outcome="neutral", to_improve="送货慢")

    assert CallbackRecord.objects.get().agent == supervisor


def test_a_call_already_done_is_not_recorded_again(agent, task):
    record(agent, task, reached=True, outcome="satisfied")

    with pytest.raises(Conflict):
        record(agent, task, reached=True, outcome="unsatisfied", to_improve="x")
    assert CallbackRecord.objects.count() == 1


@pytest.mark.parametrize("state", ["draft", "finished", "archived"])
def test_calls_are_recorded_only_while_the_campaign_runs(agent, task, state):
    task.campaign.state = state
    task.campaign.save()

    with pytest.raises(Conflict):
        record(agent, task, reached=True, outcome="satisfied")
    assert CallbackRecord.objects.count() == 0


def test_the_api_refuses_an_incomplete_record_with_every_missing_field(agent, task):
    with time_machine.travel(CALLED, tick=False):
        response = client_for(agent).post(
            f"/api/v1/callbacks/tasks/{task.pk}/records",
            {"reached": True, "outcome": "unsatisfied", "follow_up_needed": True},
            content_type="application/json",
        )

    assert response.status_code == 422
    assert response.json()["error"] == "incomplete_record"
    assert set(response.json()["fields"]) == {"to_improve", "follow_up_note"}
    assert CallbackRecord.objects.count() == 0


def test_the_api_saves_a_complete_record(agent, task):
    with time_machine.travel(CALLED, tick=False):
        response = client_for(agent).post(
            f"/api/v1/callbacks/tasks/{task.pk}/records",
            {"reached": True, "outcome": "satisfied", "suggestions": "无"},
            content_type="application/json",
        )
    listed = client_for(agent).get(f"/api/v1/callbacks/tasks/{task.pk}/records")

    assert response.status_code == 201
    assert response.json()["called_at"] == "2026-03-10T02:30:00Z"
    assert [r["outcome"] for r in listed.json()] == ["satisfied"]
