"""The call page shows seed 004 §四's scripts by outcome, placeholders filled, and saves the
record; an incomplete one comes back with its errors in place (V-04, V-02)."""

from __future__ import annotations

import pytest
import time_machine

from kefu.callbacks.models import CallbackRecord
from kefu.callbacks.queries import call_scripts
from tests.callbacks.conftest import at
from tests.callbacks.factories import CampaignFactory, TaskFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("V-04")


@pytest.fixture
def task(agent, team, settings):
    settings.KEFU_BRAND = "皇家卫士"
    agent.first_name = "小安"
    agent.save()
    customer = CustomerFactory(
        name="王先生", phone="+8613912345678", member_level="gold", team=team
    )
    return TaskFactory(
        agent=agent,
        team=team,
        customer=customer,
        service_label="汽车保养",
        service_at=at(2026, 3, 8, 10),
        campaign=CampaignFactory(kind="holiday", holiday_name="中秋节", team=team),
    )


def texts(lines):
    return [(line.scene, line.text) for line in lines]


def test_before_the_answer_the_opening_and_the_question_are_shown_filled_in(agent, task):
    assert texts(call_scripts(task, agent)) == [
        ("callback_opening", "您好我是皇家卫士的客服代表，请问您是王先生吗？打扰您了。"),
        (
            "callback_question",
            "感谢您在2026-03-08接受了我们皇家卫士的汽车保养服务项目，请问您对汽车保养服务项目满意吗？",
        ),
    ]


def test_a_satisfied_customer_gets_the_satisfied_branch_and_closing(agent, task):
    lines = texts(call_scripts(task, agent, "satisfied"))[2:]

    assert lines == [
        ("callback_satisfied", "您对我们的服务有什么建议吗？"),
        (
            "callback_closing_satisfied",
            "感谢您的答复，您如果需要什么帮助，可随时跟我们取得联络，祝您中秋节快乐，再见！",
        ),
    ]


@pytest.mark.parametrize("outcome", ["neutral", "unsatisfied"])
def test_a_neutral_or_unsatisfied_customer_gets_the_other_branch(agent, task, outcome):
    task.campaign.wish = "节日快乐"
    lines = texts(call_scripts(task, agent, outcome))[2:]

    assert lines == [
        ("callback_unsatisfied", "能否告诉我您对哪方面不满意吗？"),
        ("callback_unsatisfied", "我们应改进哪方面的工作？"),
        (
            "callback_closing_unsatisfied",
            "非常谢谢您的反映，这一点我们的确做得不够，我们很快就会有改进的，望您监督，祝您节日快乐，再见！",
        ),
    ]


def test_the_page_swaps_the_scripts_when_the_outcome_changes(agent, task):
    client = client_for(agent)
    page = client.get(f"/callbacks/calls/{task.pk}/")
    swapped = client.get(
        f"/callbacks/calls/{task.pk}/scripts/?outcome=unsatisfied", HTTP_HX_REQUEST="true"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "请问您是王先生吗" in html
    assert "139****5678" in html
    assert "13912345678" not in html
    assert f'hx-get="/callbacks/calls/{task.pk}/scripts/"' in html
    part = swapped.content.decode()
    assert part.lstrip().startswith('<div id="call-scripts"')
    assert "我们应改进哪方面的工作？" in part
    assert "您对我们的服务有什么建议吗？" not in part
    assert "<html" not in part


def test_the_page_saves_a_complete_record(agent, task):
    with time_machine.travel(at(2026, 3, 10, 10, 0), tick=False):
        response = client_for(agent).post(
            f"/callbacks/calls/{task.pk}/",
            {
                "reached": "yes",
                "outcome": "unsatisfied",
                "to_improve": "保养等待时间太长",
                "suggestions": "希望可以预约",
            },
        )

    assert response.status_code == 302
    row = CallbackRecord.objects.get()
    assert (row.reached, row.outcome, row.to_improve) == (True, "unsatisfied", "保养等待时间太长")


def test_an_incomplete_record_comes_back_with_its_errors_in_place(agent, task):
    with time_machine.travel(at(2026, 3, 10, 10, 0), tick=False):
        response = client_for(agent).post(
            f"/callbacks/calls/{task.pk}/",
            {"reached": "yes", "outcome": "neutral"},
        )

    html = response.content.decode()
    assert response.status_code == 422
    assert "The callback record is not complete; nothing was saved." in html
    assert "Record what the customer wants improved." in html
    assert "我们应改进哪方面的工作？" in html  # the branch of the chosen outcome stays shown
    assert CallbackRecord.objects.count() == 0


def test_the_page_refuses_a_call_at_lunch_time_and_names_the_next_allowed_time(agent, task):
    with time_machine.travel(at(2026, 3, 10, 12, 30), tick=False):
        response = client_for(agent).post(
            f"/callbacks/calls/{task.pk}/",
            {"reached": "yes", "outcome": "satisfied"},
        )

    assert response.status_code == 422
    assert "the next allowed time is 2026-03-10 14:00" in response.content.decode()
    assert CallbackRecord.objects.count() == 0


def test_the_page_reschedules_to_the_time_the_customer_named(agent, task):
    with time_machine.travel(at(2026, 3, 10, 10, 0), tick=False):
        refused = client_for(agent).post(
            f"/callbacks/calls/{task.pk}/schedule/",
            {"at": "2026-03-10T21:30"},
        )
        accepted = client_for(agent).post(
            f"/callbacks/calls/{task.pk}/schedule/", {"at": "2026-03-11T09:00"}
        )

    assert refused.status_code == 422
    assert "the next allowed time is 2026-03-11 09:00" in refused.content.decode()
    assert accepted.status_code == 302
    task.refresh_from_db()
    assert task.scheduled_at == at(2026, 3, 11, 9, 0)


def test_another_teams_agent_cannot_open_the_call(other_team_agent, task):
    assert client_for(other_team_agent).get(f"/callbacks/calls/{task.pk}/").status_code == 404


def test_the_api_gives_the_scripts_of_an_outcome(agent, task):
    response = client_for(agent).get(f"/api/v1/callbacks/tasks/{task.pk}/scripts?outcome=satisfied")

    assert [s["scene"] for s in response.json()] == [
        "callback_opening",
        "callback_question",
        "callback_satisfied",
        "callback_closing_satisfied",
    ]
