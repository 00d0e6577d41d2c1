"""A low score opens a follow-up for the supervisor; improvement actions are tracked (Q-04)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Event
from kefu.notify.models import Message
from kefu.quality.models import ImprovementAction
from kefu.sla.models import Deadline
from kefu.surveys.models import FollowUp, SurveySettings
from kefu.surveys.services import (
    Answers,
    answer_by_link,
    close_follow_up,
    complete_improvement_action,
    create_improvement_action,
    update_survey_settings,
)
from tests.conftest import client_for, make_user
from tests.surveys.conftest import at
from tests.surveys.factories import SurveyFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("Q-04")

NOW = at(2026, 3, 10, 15, 0)


@pytest.fixture
def survey(customer, team, agent):
    ticket = TicketFactory(customer=customer, team=team, assignee=agent, status="resolved")
    return SurveyFactory(ticket=ticket, team=team, agent=agent, token="low-score-token-123456")


def answer(overall):
    with time_machine.travel(NOW, tick=False):
        return answer_by_link(
            token="low-score-token-123456", answers=Answers(3, 2, overall, overall, ["not_solved"])
        )


def test_a_low_score_opens_a_follow_up_for_the_teams_supervisor_with_a_deadline(
    survey, supervisor, team
):
    make_user("busy_supervisor", "supervisor", team)
    answer(2)

    follow_up = FollowUp.objects.get()
    deadline = Deadline.objects.get(kind="survey.follow_up")
    assert (follow_up.survey, follow_up.assignee, follow_up.team) == (survey, supervisor, team)
    assert follow_up.due_at == deadline.due_at == NOW + timedelta(hours=24)
    assert (deadline.owner, deadline.subject_id) == (supervisor, str(follow_up.pk))
    notice = Message.objects.get(template_event="survey.follow_up_assigned")
    assert (notice.channel, notice.user) == ("in_app", supervisor)
    assert survey.ticket.number in notice.body
    assert Event.objects.filter(name="survey.low_score").count() == 1


def test_a_score_above_the_follow_up_threshold_opens_none(survey, supervisor):
    answer(3)

    assert FollowUp.objects.count() == 0


def test_the_follow_up_threshold_is_shop_data(survey, supervisor):
    SurveySettings.objects.filter(pk=1).update(low_score_max=3)
    answer(3)

    assert FollowUp.objects.count() == 1


def test_closing_a_follow_up_meets_its_deadline(survey, supervisor):
    answer(1)
    follow_up = FollowUp.objects.get()

    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        close_follow_up(actor=supervisor, follow_up=follow_up, note="已致电道歉并补发配件")

    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.note, follow_up.done_by) == (
        "done",
        "已致电道歉并补发配件",
        supervisor,
    )
    assert Deadline.objects.get(kind="survey.follow_up").met_at == NOW + timedelta(hours=3)
    with pytest.raises(Conflict):
        close_follow_up(actor=supervisor, follow_up=follow_up, note="again")


def test_an_agent_cannot_close_someone_elses_follow_up_and_nothing_changes(
    survey, supervisor, agent
):
    answer(1)
    follow_up = FollowUp.objects.get()

    with pytest.raises(Forbidden):
        close_follow_up(actor=agent, follow_up=follow_up, note="x")

    follow_up.refresh_from_db()
    assert follow_up.status == "open"
    assert Deadline.objects.get(kind="survey.follow_up").met_at is None


def test_closing_needs_a_note(survey, supervisor):
    answer(1)

    with pytest.raises(InvalidInput):
        close_follow_up(actor=supervisor, follow_up=FollowUp.objects.get(), note="  ")


def test_the_page_closes_a_follow_up(survey, supervisor):
    answer(1)
    follow_up = FollowUp.objects.get()

    response = client_for(supervisor).post(
        f"/surveys/follow-ups/{follow_up.pk}/close/", {"note": "已回访，客户接受补偿"}
    )

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "done"


# --- improvement actions ----------------------------------------------------------------------


def test_a_supervisor_adds_an_improvement_action_and_its_owner_marks_it_done(supervisor, agent):
    with time_machine.travel(NOW, tick=False):
        action = create_improvement_action(
            actor=supervisor,
            data={
                "title": "维修响应时间从24小时缩短至12小时",
                "reason": "slow",
                "owner_id": agent.pk,
                "due_on": date(2026, 3, 31),
                "month": date(2026, 3, 15),
            },
        )
        complete_improvement_action(actor=agent, action=action, note="已调整排班")

    action.refresh_from_db()
    assert (action.origin, action.category) == ("surveys", "slow")
    assert (action.owner, action.month) == (agent, date(2026, 3, 1))
    assert (action.done_at, action.done_note) == (NOW, "已调整排班")


def test_an_agent_cannot_add_improvement_actions_and_nothing_is_written(agent):
    with pytest.raises(Forbidden):
        create_improvement_action(
            actor=agent, data={"title": "x", "owner_id": agent.pk, "due_on": date(2026, 3, 31)}
        )

    assert ImprovementAction.objects.count() == 0


def test_another_agent_cannot_mark_an_action_done(supervisor, agent, teammate):
    action = ImprovementAction.objects.create(
        origin="surveys",
        title="培训话术",
        owner=agent,
        due_on=date(2026, 4, 1),
        created_by=supervisor,
    )

    with pytest.raises(Forbidden):
        complete_improvement_action(actor=teammate, action=action, note="done")

    action.refresh_from_db()
    assert action.done_at is None


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("title", {"title": " "}),
        ("reason", {"reason": "weather"}),
        ("owner_id", {"owner_id": 999999}),
        ("due_on", {"due_on": date(2026, 3, 1)}),
    ],
)
def test_a_bad_improvement_action_is_refused_with_its_field(supervisor, agent, field, data):
    values = {"title": "培训", "owner_id": agent.pk, "due_on": date(2026, 3, 31), **data}

    with time_machine.travel(NOW, tick=False), pytest.raises(InvalidInput) as refused:
        create_improvement_action(actor=supervisor, data=values)

    assert list(refused.value.fields) == [field]
    assert ImprovementAction.objects.count() == 0


def test_the_api_creates_and_completes_an_improvement_action(supervisor, agent):
    with time_machine.travel(NOW, tick=False):
        created = client_for(supervisor).post(
            "/api/v1/surveys/improvements",
            {
                "title": "进度短信模板优化",
                "reason": "communication",
                "owner_id": agent.pk,
                "due_on": "2026-03-20",
            },
            content_type="application/json",
        )
        done = client_for(agent).post(
            f"/api/v1/surveys/improvements/{created.json()['id']}/done",
            {"note": "已上线"},
            content_type="application/json",
        )

    assert created.status_code == 201
    assert done.status_code == 200
    assert done.json()["done_note"] == "已上线"


# --- settings --------------------------------------------------------------------------------


def test_a_manager_changes_the_thresholds_and_an_agent_cannot(manager, agent):
    update_survey_settings(actor=manager, changes={"satisfied_min_score": 5, "low_score_max": 3})

    with pytest.raises(Forbidden):
        update_survey_settings(actor=agent, changes={"low_score_max": 1})
    with pytest.raises(InvalidInput):
        update_survey_settings(actor=manager, changes={"low_score_max": 5})
    rules = SurveySettings.current()
    assert (rules.satisfied_min_score, rules.low_score_max) == (5, 3)
