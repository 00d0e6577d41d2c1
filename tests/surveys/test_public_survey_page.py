"""The customer answers on a public page by an unguessable, expiring, single-use link."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kefu.core.models import Event
from kefu.surveys.models import Survey, SurveyResponse, SurveySettings
from kefu.surveys.services import Answers, answer_by_link
from kefu.surveys.services.links import new_token
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.req("Q-02", "Q-03")

TOKEN = "r4nd0m-t0ken-of-the-customer-link-0123456789abcd"
ANSWERS = {
    "attitude": "5",
    "speed": "4",
    "result": "5",
    "overall": "5",
    "comment": "师傅很专业，谢谢",
}


@pytest.fixture
def survey(db):
    return SurveyFactory(token=TOKEN)


def en(**headers: str) -> Client:
    """A phone that chose English, so messages can be asserted in English."""
    client = Client(**headers)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(token: str = TOKEN) -> str:
    return f"/s/{token}/"


def test_the_page_asks_the_four_questions_without_login_and_names_no_personal_data(survey):
    response = en().get(url())

    html = response.content.decode()
    assert response.status_code == 200
    for question in (
        "Service attitude",
        "Resolution speed",
        "Result of the handling",
        "Overall satisfaction",
    ):
        assert question in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert survey.ticket.number in html
    assert survey.customer.name not in html
    assert survey.customer.phone not in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_page_is_in_chinese_whatever_the_browser_asks_for(survey, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US").get(url())

    html = response.content.decode()
    assert "服务态度" in html
    assert "解决速度" in html
    assert "处理结果" in html


def test_answering_records_one_response_and_a_second_use_of_the_link_is_refused(survey):
    client = en()
    first = client.post(url(), {**ANSWERS, "reasons": ["slow"]})
    second = client.post(url(), {**ANSWERS, "overall": "1"})
    reopened = client.get(url())

    assert first.status_code == 200
    assert "Thank you for your feedback!" in first.content.decode()
    answer = SurveyResponse.objects.get()
    assert (answer.attitude, answer.speed, answer.result, answer.overall) == (5, 4, 5, 5)
    assert (answer.reasons, answer.comment, answer.method) == (
        ["slow"],
        "师傅很专业，谢谢",
        "online",
    )
    survey.refresh_from_db()
    assert survey.status == "answered"
    assert second.status_code == 409
    assert reopened.status_code == 409
    assert "already been answered" in second.content.decode()
    assert SurveyResponse.objects.get().overall == 5
    assert Event.objects.filter(name="survey.answered").count() == 1


def test_a_missing_score_is_shown_in_place_and_nothing_is_saved(survey):
    response = en().post(url(), {**ANSWERS, "overall": ""})

    assert response.status_code == 422
    assert "Please choose a score." in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    assert Survey.objects.get().status == "sent"


@pytest.mark.parametrize("value", ["0", "6", "abc"])
def test_a_score_out_of_range_is_refused(survey, value):
    response = en().post(url(), {**ANSWERS, "speed": value})

    assert response.status_code == 422
    assert SurveyResponse.objects.count() == 0


def test_a_guessed_link_gets_a_friendly_refusal(survey):
    response = en().get(url(new_token()))

    assert response.status_code == 404
    assert "This survey link is not valid." in response.content.decode()


def test_an_expired_link_is_refused_and_nothing_changes(survey):
    with time_machine.travel(survey.expires_at + timedelta(seconds=1)):
        response = en().post(url(), ANSWERS)

    assert response.status_code == 409
    assert "This survey link has expired." in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    assert Survey.objects.get().status == "sent"


def test_a_survey_not_yet_sent_cannot_be_answered_by_a_token(db):
    SurveyFactory(status="scheduled")

    with pytest.raises(Exception, match="not valid"):
        answer_by_link(token="", answers=Answers(5, 5, 5, 5))


def test_too_many_requests_from_one_address_are_refused(survey):
    rules = SurveySettings.current()
    client = en()
    for _ in range(rules.requests_per_address):
        client.get(url(new_token()))

    response = client.get(url())

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_too_many_requests_for_one_link_are_refused_from_any_address(survey):
    limit = SurveySettings.current().requests_per_link
    for n in range(limit):
        en(REMOTE_ADDR=f"10.0.0.{n + 1}").get(url())

    response = en(REMOTE_ADDR="10.0.1.1").post(url(), ANSWERS)

    assert response.status_code == 429
    assert SurveyResponse.objects.count() == 0


def test_the_link_lifetime_is_a_policy(survey):
    from kefu.sla.models import Policy

    assert Policy.objects.get(key="survey.link_lifetime").minutes == 7 * 24 * 60
    assert survey.expires_at > timezone.now()
