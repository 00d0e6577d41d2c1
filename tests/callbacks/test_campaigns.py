"""A supervisor picks customers by criteria and the calls are shared evenly (V-01)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from kefu.callbacks.models import CallbackCampaign, CallbackTask
from kefu.callbacks.services import (
    add_customers,
    archive_campaign,
    cancel_task,
    create_campaign,
    finish_campaign,
    schedule_call,
    start_campaign,
    write_summary,
)
from kefu.callbacks.workflow import WORKFLOW
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Event
from kefu.sla.models import Deadline
from tests.callbacks.conftest import at, served_customer
from tests.callbacks.factories import CampaignFactory, TaskFactory
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.conftest import client_for, make_user
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("V-01")

NOW = at(2026, 3, 9, 10, 0)
SERVICE = {
    "name": "三月第一周售后回访",
    "kind": "service",
    "served_from": date(2026, 3, 2),
    "served_to": date(2026, 3, 8),
}


@pytest.fixture
def week(team):
    """Four customers served in the week, one before it, one after it."""
    return {
        "gold": served_customer("王伟", "gold", at(2026, 3, 2, 10), team),
        "silver": served_customer("李娜", "silver", at(2026, 3, 4, 15), team),
        "none": served_customer("张敏", "none", at(2026, 3, 8, 23, 59), team),
        "regular": served_customer("刘洋", "regular", at(2026, 3, 6, 9), team),
        "before": served_customer("陈静", "gold", at(2026, 3, 1, 23, 59), team),
        "after": served_customer("杨磊", "gold", at(2026, 3, 9, 0, 0), team),
    }


def start(supervisor, **criteria):
    with time_machine.travel(NOW, tick=False):
        campaign = create_campaign(actor=supervisor, data={**SERVICE, **criteria})
        return start_campaign(actor=supervisor, campaign=campaign)


def test_a_campaign_calls_everyone_served_in_the_period_with_a_3_day_deadline(
    supervisor, agent, teammate, week
):
    campaign = start(supervisor)

    tasks = list(CallbackTask.objects.order_by("service_at"))
    assert [t.customer.name for t in tasks] == ["王伟", "李娜", "刘洋", "张敏"]
    assert campaign.state == "running"
    first = tasks[0]
    assert first.service_at == at(2026, 3, 2, 10)
    assert first.due_at == at(2026, 3, 5, 10)
    assert first.service_label == f"after-sales ticket {first.customer.tickets.get().number}"
    deadline = Deadline.objects.get(subject_id=str(first.pk), kind="callback.due")
    assert (deadline.due_at, deadline.owner) == (first.due_at, first.agent)
    assert Event.objects.filter(name="callback.campaign_started").count() == 1


def test_member_levels_narrow_the_list(supervisor, agent, week):
    start(supervisor, member_levels=["gold", "silver"])

    assert sorted(CallbackTask.objects.values_list("customer__name", flat=True)) == ["李娜", "王伟"]


def test_a_delivered_order_is_a_service_too(supervisor, agent, team):
    customer = CustomerFactory(name="周杰", member_level="gold")
    OrderFactory(
        customer=customer,
        purchased_at=at(2026, 3, 1, 10),
        delivered_on=date(2026, 3, 3),
        items=[ProductFactory(name="扫地机器人 S7")],
    )

    start(supervisor)

    task = CallbackTask.objects.get()
    assert (task.customer, task.service_label, task.service_at) == (
        customer,
        "扫地机器人 S7",
        at(2026, 3, 3, 0, 0),
    )
    assert task.due_at == at(2026, 3, 6, 0, 0)


def test_calls_are_shared_evenly_by_current_load(supervisor, agent, teammate, team):
    make_user("third", "agent", team)
    busy = CampaignFactory(state="running")
    TaskFactory.create_batch(2, campaign=busy, agent=agent)
    for n in range(7):
        served_customer(f"客户{n}", "gold", at(2026, 3, 3, 10 + n), team)

    start(supervisor)

    load = {
        u: CallbackTask.objects.filter(agent__username=u, status="open").count()
        for u in ("agent", "teammate", "third")
    }
    assert load == {"agent": 3, "teammate": 3, "third": 3}


def test_named_agents_take_the_calls_instead_of_the_team(
    supervisor, agent, teammate, other_team_agent, week
):
    with time_machine.travel(NOW, tick=False):
        campaign = create_campaign(actor=supervisor, data=SERVICE)
        start_campaign(actor=supervisor, campaign=campaign, agent_ids=[other_team_agent.pk])

    assert set(CallbackTask.objects.values_list("agent__username", flat=True)) == {"other_agent"}
    assert set(CallbackTask.objects.values_list("team", flat=True)) == {other_team_agent.team_id}


def test_a_holiday_campaign_calls_the_members_and_wishes_them_a_happy_holiday(
    supervisor, agent, week
):
    with time_machine.travel(NOW, tick=False):
        campaign = create_campaign(
            actor=supervisor,
            data={"name": "中秋关怀回访", "kind": "holiday", "holiday_name": "中秋节"},
        )
        start_campaign(actor=supervisor, campaign=campaign)

    names = sorted(CallbackTask.objects.values_list("customer__name", flat=True))
    assert names == ["刘洋", "李娜", "杨磊", "王伟", "陈静"]
    task = CallbackTask.objects.first()
    assert task.due_at == NOW + timedelta(days=3)


def test_a_maintenance_campaign_calls_customers_whose_replacement_is_due(supervisor, agent):
    battery = ProductFactory(name="电动车电池", replacement_cycle_months=24)
    due = CustomerFactory(name="吴强")
    OrderFactory(customer=due, purchased_at=at(2024, 3, 15, 10), items=[battery])
    OrderFactory(
        customer=CustomerFactory(name="郭超"), purchased_at=at(2024, 5, 15, 10), items=[battery]
    )

    with time_machine.travel(NOW, tick=False):
        campaign = create_campaign(
            actor=supervisor,
            data={
                "name": "电池更换提醒",
                "kind": "maintenance",
                "maintenance_from": date(2026, 3, 1),
                "maintenance_to": date(2026, 3, 31),
            },
        )
        start_campaign(actor=supervisor, campaign=campaign)

    task = CallbackTask.objects.get()
    assert (task.customer, task.service_label) == (due, "电动车电池")


def test_gaps_are_added_evenly_later(supervisor, agent, teammate, week):
    campaign = start(supervisor, member_levels=["gold"])

    with time_machine.travel(NOW, tick=False):
        added = add_customers(actor=supervisor, campaign=campaign)

    assert added == 2  # silver and regular members; 张敏 is not a member
    assert CallbackTask.objects.count() == 3
    assert sorted(CallbackTask.objects.values_list("agent__username", flat=True)) == [
        "agent",
        "agent",
        "teammate",
    ]


# --- refusals -----------------------------------------------------------------------------------


def test_an_agent_cannot_create_or_start_a_campaign_and_nothing_changes(agent, supervisor, week):
    with pytest.raises(Forbidden):
        create_campaign(actor=agent, data=SERVICE)
    campaign = CampaignFactory(state="draft", team=agent.team)
    with pytest.raises(Forbidden):
        start_campaign(actor=agent, campaign=campaign)

    campaign.refresh_from_db()
    assert campaign.state == "draft"
    assert CallbackCampaign.objects.count() == 1
    assert CallbackTask.objects.count() == 0
    assert not Event.objects.filter(name="callback.campaign_started").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"served_from": None}, "served_from"),
        ({"served_to": date(2026, 3, 1)}, "served_to"),
        ({"kind": "party"}, "kind"),
        ({"name": "  "}, "name"),
        ({"member_levels": ["platinum"]}, "member_levels"),
        ({"kind": "holiday", "holiday_name": ""}, "holiday_name"),
    ],
)
def test_bad_criteria_are_refused_with_their_field(supervisor, data, field):
    with pytest.raises(InvalidInput) as refused:
        create_campaign(actor=supervisor, data={**SERVICE, **data})

    assert list(refused.value.fields) == [field]
    assert CallbackCampaign.objects.count() == 0


def test_a_campaign_with_nobody_to_call_is_not_started(supervisor, agent):
    campaign = CampaignFactory(state="draft", team=agent.team)

    with pytest.raises(InvalidInput):
        start_campaign(actor=supervisor, campaign=campaign)

    campaign.refresh_from_db()
    assert campaign.state == "draft"


def test_a_team_without_agents_cannot_start(supervisor, week, other_team):
    campaign = CampaignFactory(state="draft", team=other_team)

    with pytest.raises(InvalidInput) as refused:
        start_campaign(actor=supervisor, campaign=campaign)

    assert list(refused.value.fields) == ["agent_ids"]
    assert CallbackTask.objects.count() == 0


ACTIONS = {
    "start": lambda actor, c: start_campaign(actor=actor, campaign=c),
    "add_customers": lambda actor, c: add_customers(actor=actor, campaign=c, customer_ids=[]),
    "finish": lambda actor, c: finish_campaign(actor=actor, campaign=c),
    "summarize": lambda actor, c: write_summary(
        actor=actor, campaign=c, problems_found="x", suggestions=""
    ),
    "archive": lambda actor, c: archive_campaign(actor=actor, campaign=c),
}
REFUSED = [
    (state, action)
    for state in ("draft", "running", "finished", "archived")
    for action in ACTIONS
    if (state, action) not in {(t.source, t.action) for t in WORKFLOW.transitions}
]


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_refused_transitions_change_nothing(supervisor, state, action):
    campaign = CampaignFactory(state=state, problems_found="无")

    with pytest.raises(Conflict) as refused:
        ACTIONS[action](supervisor, campaign)

    assert refused.value.code == "illegal_transition"
    campaign.refresh_from_db()
    assert campaign.state == state


def test_the_api_creates_and_starts_a_campaign(supervisor, agent, week):
    client = client_for(supervisor)
    with time_machine.travel(NOW, tick=False):
        created = client.post(
            "/api/v1/callbacks/campaigns",
            {
                "name": "三月回访",
                "kind": "service",
                "served_from": "2026-03-02",
                "served_to": "2026-03-08",
                "member_levels": ["gold"],
            },
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="c-1",
        )
        again = client.post(
            "/api/v1/callbacks/campaigns",
            {
                "name": "三月回访",
                "kind": "service",
                "served_from": "2026-03-02",
                "served_to": "2026-03-08",
                "member_levels": ["gold"],
            },
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="c-1",
        )
        started = client.post(
            f"/api/v1/callbacks/campaigns/{created.json()['id']}/start",
            {},
            content_type="application/json",
        )
    tasks = client_for(agent).get("/api/v1/callbacks/tasks?mine=true")

    assert created.status_code == 201
    assert again.json()["id"] == created.json()["id"]
    assert started.json()["state"] == "running"
    assert [t["customer_name"] for t in tasks.json()["items"]] == ["王伟"]
    assert CallbackCampaign.objects.count() == 1


def test_an_agent_sees_only_their_teams_campaigns(agent, other_team_agent, supervisor, team):
    mine = CampaignFactory(team=team)
    CampaignFactory(team=other_team_agent.team)

    response = client_for(agent).get("/api/v1/callbacks/campaigns")

    assert [c["id"] for c in response.json()["items"]] == [mine.pk]


MANAGING = {
    "add_customers": lambda actor, c, t: add_customers(
        actor=actor, campaign=c, customer_ids=[t.customer_id]
    ),
    "cancel_task": lambda actor, c, t: cancel_task(actor=actor, task=t, reason="客户要求"),
    "finish": lambda actor, c, t: finish_campaign(actor=actor, campaign=c),
    "summarize": lambda actor, c, t: write_summary(
        actor=actor, campaign=c, problems_found="x", suggestions=""
    ),
}


@pytest.mark.parametrize("action", MANAGING)
def test_an_agent_cannot_manage_a_running_campaign_and_nothing_changes(agent, team, action):
    campaign = CampaignFactory(team=team)
    task = TaskFactory(campaign=campaign, agent=agent, team=team)

    with pytest.raises(Forbidden):
        MANAGING[action](agent, campaign, task)

    campaign.refresh_from_db()
    task.refresh_from_db()
    assert (campaign.state, campaign.problems_found, task.status) == ("running", "", "open")
    assert CallbackTask.objects.count() == 1


def test_a_supervisor_cancels_a_call_the_customer_refused_and_it_stays_a_gap(
    supervisor, agent, team
):
    campaign = CampaignFactory(team=team)
    task = TaskFactory(campaign=campaign, agent=agent, team=team)

    cancel_task(actor=supervisor, task=task, reason="客户要求不再来电")

    task.refresh_from_db()
    assert task.status == "cancelled"
    with pytest.raises(Conflict):
        cancel_task(actor=supervisor, task=task, reason="again")


def test_another_agent_cannot_schedule_the_call(agent, teammate, team):
    task = TaskFactory(agent=agent, team=team)

    with time_machine.travel(NOW, tick=False), pytest.raises(Forbidden):
        schedule_call(actor=teammate, task=task, at=NOW + timedelta(hours=1))

    task.refresh_from_db()
    assert task.scheduled_at is None
