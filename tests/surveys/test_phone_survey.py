"""Important and complaint customers are surveyed by phone; the agent types in the answers."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event
from kefu.surveys.models import SurveyResponse
from kefu.surveys.services import Answers, record_phone_survey
from tests.conftest import client_for
from tests.surveys.factories import SurveyFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("Q-03")

ANSWERS = Answers(attitude=4, speed=3, result=4, overall=4, reasons=["slow"], comment="等太久")


@pytest.fixture
def phone_survey(customer, team, agent):
    ticket = TicketFactory(
        customer=customer, team=team, assignee=agent, status="resolved", important=True
    )
    return SurveyFactory(ticket=ticket, method="phone", team=team, agent=agent)


def test_an_agent_records_the_answers_of_a_phone_survey(agent, phone_survey):
    record_phone_survey(actor=agent, survey=phone_survey, answers=ANSWERS)

    answer = SurveyResponse.objects.get()
    assert (answer.attitude, answer.speed, answer.result, answer.overall) == (4, 3, 4, 4)
    assert (answer.method, answer.entered_by, answer.reasons) == ("phone", agent, ["slow"])
    phone_survey.refresh_from_db()
    assert phone_survey.status == "answered"
    assert AuditEntry.objects.filter(action="survey.phone_answered").count() == 1


def test_a_phone_answer_stops_the_link_of_an_online_survey(agent, customer, team):
    survey = SurveyFactory(
        ticket=TicketFactory(customer=customer, team=team, status="resolved"),
        team=team,
        token="link-token-0123456789",
    )

    record_phone_survey(actor=agent, survey=survey, answers=ANSWERS)
    response = client_for(agent).post(
        "/s/link-token-0123456789/",
        {"attitude": 1, "speed": 1, "result": 1, "overall": 1},
    )

    assert response.status_code == 409
    assert SurveyResponse.objects.get().overall == 4


def test_an_agent_of_another_team_cannot_record_and_nothing_changes(other_team_agent, phone_survey):
    with pytest.raises(Forbidden):
        record_phone_survey(actor=other_team_agent, survey=phone_survey, answers=ANSWERS)

    phone_survey.refresh_from_db()
    assert phone_survey.status == "scheduled"
    assert SurveyResponse.objects.count() == 0
    assert not Event.objects.filter(name="survey.answered").exists()


@pytest.mark.parametrize("status", ["answered", "expired", "cancelled"])
def test_a_survey_that_is_no_longer_open_cannot_be_answered(agent, phone_survey, status):
    phone_survey.status = status
    phone_survey.save()

    with pytest.raises(Conflict):
        record_phone_survey(actor=agent, survey=phone_survey, answers=ANSWERS)

    assert SurveyResponse.objects.count() == 0


def test_a_missing_score_is_refused(agent, phone_survey):
    with pytest.raises(InvalidInput) as refused:
        record_phone_survey(
            actor=agent,
            survey=phone_survey,
            answers=Answers(attitude=4, speed=None, result=4, overall=9),
        )

    assert set(refused.value.fields) == {"speed", "overall"}
    assert SurveyResponse.objects.count() == 0


def test_the_phone_queue_lists_the_phone_surveys_and_the_form_saves_the_answers(
    agent, phone_survey
):
    client = client_for(agent)
    queue = client.get("/surveys/phone/")
    saved = client.post(
        f"/surveys/{phone_survey.pk}/phone/",
        {"attitude": "5", "speed": "5", "result": "4", "overall": "5", "comment": "满意"},
    )

    assert phone_survey.ticket.number in queue.content.decode()
    assert saved.status_code == 302
    assert SurveyResponse.objects.get().overall == 5
    assert "No phone surveys to call." in client.get("/surveys/phone/").content.decode()


def test_the_form_shows_a_missing_score_in_place(agent, phone_survey):
    response = client_for(agent).post(
        f"/surveys/{phone_survey.pk}/phone/",
        {"attitude": "5", "speed": "5", "result": "4"},
    )

    assert response.status_code == 422
    assert "Please choose a score." in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_the_api_records_phone_answers_once(agent, phone_survey):
    client = client_for(agent)
    body = {"attitude": 4, "speed": 4, "result": 4, "overall": 4, "reasons": [], "comment": ""}

    first = client.post(
        f"/api/v1/surveys/{phone_survey.pk}/phone-answers", body, content_type="application/json"
    )
    second = client.post(
        f"/api/v1/surveys/{phone_survey.pk}/phone-answers", body, content_type="application/json"
    )

    assert first.status_code == 200
    assert (first.json()["status"], first.json()["overall"]) == ("answered", 4)
    assert second.status_code == 409
    assert second.json()["error"] == "illegal_transition"


def test_the_api_hides_another_teams_survey(other_team_agent, phone_survey):
    response = client_for(other_team_agent).post(
        f"/api/v1/surveys/{phone_survey.pk}/phone-answers",
        {"attitude": 4, "speed": 4, "result": 4, "overall": 4},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert SurveyResponse.objects.count() == 0


def test_the_api_refuses_a_score_out_of_range_with_its_field(agent, phone_survey):
    response = client_for(agent).post(
        f"/api/v1/surveys/{phone_survey.pk}/phone-answers",
        {"attitude": 4, "speed": 4, "result": 4, "overall": 6},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["overall"]
