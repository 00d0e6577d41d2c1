"""A customer answers the satisfaction survey on a phone through the link in the SMS, sees it
counted in the supervisor's report, and cannot use the link a second time (Q-02, Q-03, Q-04)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.notify.models import Message
from kefu.surveys.services import send_due_surveys
from tests.conftest import PASSWORD
from tests.customers.factories import CustomerFactory
from tests.surveys.factories import SurveyFactory
from tests.tickets.factories import TicketFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.req("Q-02", "Q-03", "Q-04"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def survey_link(live_server, settings, team, agent):
    """A survey due now, sent by the worker's job; the link as the customer's SMS has it."""
    settings.KEFU_PUBLIC_URL = live_server.url
    settings.KEFU_SMS_BACKEND = "tests.notify.backends.RecordingBackend"
    customer = CustomerFactory(name="王伟", phone="+8613912345678", team=team)
    ticket = TicketFactory(
        customer=customer,
        team=team,
        assignee=agent,
        status="resolved",
        resolved_at=timezone.now() - timedelta(days=1),
    )
    SurveyFactory(ticket=ticket, team=team, agent=agent, send_at=timezone.now())
    assert send_due_surveys() == 1
    body = Message.objects.get(template_event="survey.invitation").body
    return re.search(r"(http://\S+/s/[\w-]+/)", body).group(1)


def phone_page(page):
    """A second profile in the same browser: a phone, 390×844, touch, zh-CN."""
    context = page.context.browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    return phone


def test_a_customer_answers_on_a_phone_it_is_counted_and_the_link_is_single_use(
    live_server, survey_link, supervisor, page
):
    phone = phone_page(page)
    phone.goto(survey_link)
    assert phone.locator("h1").inner_text() == "请为我们的服务评分"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for question, score in (("attitude", 5), ("speed", 4), ("result", 5), ("overall", 5)):
        phone.locator(f"[data-testid=question-{question}] label", has_text=str(score)).tap()
    phone.fill("textarea[name=comment]", "师傅上门很准时，谢谢")
    phone.screenshot(path=str(_shot("survey-phone-form")), full_page=True)
    phone.get_by_role("button", name="提交").tap()

    assert phone.locator("[data-testid=survey-thanks] h1").inner_text() == "感谢您的反馈！"

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/surveys/?month={timezone.localdate():%Y-%m}")
    assert page.locator("[data-testid=total-responses]").inner_text() == "1"
    assert page.locator("[data-testid=total-rate]").inner_text() == "100.0%"
    assert "售后一组" in page.locator("[data-testid=report-table]").inner_text()

    again = phone.goto(survey_link)
    assert again.status == 409
    assert phone.locator("[data-testid=survey-refused] h1").inner_text() == (
        "此调查已经提交过了，感谢您的反馈！"
    )
    assert phone.locator("[data-testid=survey-form]").count() == 0
    phone.screenshot(path=str(_shot("survey-phone-refused")), full_page=True)
    phone.context.close()


def _shot(name: str):
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
