"""The ticket page: verdict and windows, the six steps, the sub-type guide, the customer masked,
deadlines, the script library with placeholders filled, the live tone check and the notices
(A-04, A-08, A-02, N-02, G-01, A-07)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import override_settings

from kefu.core.events import pump
from kefu.core.models import Event
from kefu.tickets.models import Ticket
from kefu.tickets.services import (
    NewTicket,
    open_ticket,
    reply_to_ticket,
    resolve_ticket,
    start_diagnosis,
)
from tests.conftest import client_for
from tests.tickets.conftest import at

pytestmark = pytest.mark.req("A-04", "A-08")
MONDAY = at(2026, 3, 16, 10, 0)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def ticket(statutory_calendar, agent, customer, order) -> Ticket:
    """A WeChat ticket about the phone delivered 2026-03-04, reported 12 days later."""
    return open_ticket(
        actor=agent,
        draft=NewTicket(
            description="手机用了12天就无法开机",
            demand="希望换一台新的",
            channel="wechat",
            customer_id=customer.pk,
            order_number=order.number,
            subtype="quality_defect",
        ),
    )


def page(user, ticket) -> str:
    response = client_for(user).get(f"/tickets/{ticket.number}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]


def test_the_page_shows_the_order_and_the_exchange_verdict_with_its_windows(ticket, agent):
    panel = section(page(agent, ticket), "verdict")

    assert "DD20260302001" in panel
    assert "智能手机 X1" in panel
    assert "2026-03-02" in panel  # purchased
    assert "2026-03-04" in panel  # delivered
    assert 'data-verdict="exchange"' in panel
    assert "换货" in panel
    assert "2026-03-11" in panel  # no-reason return until
    assert "2026-03-19" in panel  # exchange until
    assert "2027-03-04" in panel  # warranty until
    assert "技术支持" in panel  # quality problems are routed to tech support


def test_the_six_steps_show_greeting_as_current_on_a_new_ticket(ticket, agent):
    html = page(agent, ticket)

    states = re.findall(r'data-step="(\w+)" data-state="(\w+)"', html)
    assert states[:6] == [
        ("greet", "current"),
        ("diagnose", "todo"),
        ("offer", "todo"),
        ("execute", "todo"),
        ("confirm", "todo"),
        ("close", "todo"),
    ]
    assert "问候开场" in html


def test_a_usage_question_resolved_by_guidance_skips_offer_and_execute(
    statutory_calendar, agent, customer
):
    ticket = open_ticket(
        actor=agent,
        draft=NewTicket(
            description="耳机怎么连接蓝牙",
            channel="app",
            customer_id=customer.pk,
            category="customer_usage",
        ),
    )
    reply_to_ticket(actor=agent, ticket=ticket, body="您好，请长按耳机按键3秒进入配对模式。")
    resolve_ticket(actor=agent, ticket=ticket)

    states = dict(re.findall(r'data-step="(\w+)" data-state="(\w+)"', page(agent, ticket)))

    assert states == {
        "greet": "done",
        "diagnose": "done",
        "offer": "skipped",
        "execute": "skipped",
        "confirm": "current",
        "close": "todo",
    }


@pytest.mark.req("A-02")
def test_the_sub_type_guide_shows_causes_handling_and_prevention(ticket, agent):
    guide = section(page(agent, ticket), "guide")

    assert "产品质量问题" in guide
    assert guide.count("<li>") == 10  # 3 causes, 4 ways of handling, 3 preventions


def test_the_offer_form_suggests_the_verdicts_remedy_first(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)

    form = section(page(agent, ticket), "solutions")

    assert re.search(r'<option value="exchange" selected>', form)


@pytest.mark.req("C-05")
def test_the_customer_panel_masks_the_phone_and_offers_the_audited_show_button(ticket, agent):
    panel = section(page(agent, ticket), "customer")

    assert "王伟" in panel
    assert "139****5678" in panel
    assert "13912345678" not in panel
    assert f"/customers/{ticket.customer_id}/reveal/phone/" in panel


def test_deadlines_show_the_first_response_due_with_time_left(ticket, agent):
    panel = section(page(agent, ticket), "deadlines")

    assert 'data-deadline="ticket.online.first_response"' in panel
    assert "11:00" in panel  # one working hour after 10:00
    assert "60 分钟" in panel or "1 小时" in panel


@pytest.mark.req("N-02")
@override_settings(KEFU_BRAND="优品")
def test_the_composer_offers_the_003_scripts_with_placeholders_filled(ticket, agent):
    scripts = section(page(agent, ticket), "composer")

    scenes = re.findall(r'data-scene="(\w+)"', scripts)
    for scene in (
        "quality_problem",
        "delivery_delay",
        "escalation",
        "opening",
        "soothing",
        "closing",
    ):
        assert scene in scenes
    assert "请您提供订单号和问题照片，我们将为您安排免费退换货" in scripts  # 003 §3.2 场景一
    assert "我会立即将您的情况反馈给主管，10分钟内给您回复" in scripts  # 场景三
    assert "您好！我是优品客户顾问agent" in scripts  # {brand}, {agent_name} filled
    assert "{reason}" in scripts  # left for the agent to fill


@pytest.mark.req("G-01")
def test_the_tone_check_flags_a_banned_phrase_with_its_positive_alternative(ticket, agent):
    events = Event.objects.count()
    response = client_for(agent).post(
        f"/tickets/{ticket.number}/tone/",
        {"body": "这个我不知道，是您使用不当", "mode": "internal"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="finding"') == 2
    assert "“不知道”" in html
    assert "“是您使用不当”" in html
    assert "<form" not in html  # only the partial
    assert Event.objects.count() == events


@pytest.mark.req("G-02")
def test_the_tone_check_checks_the_opening_of_a_first_reply(ticket, agent):
    response = client_for(agent).post(
        f"/tickets/{ticket.number}/tone/", {"body": "您好，请问有什么可以帮您？", "mode": "reply"}
    )

    html = response.content.decode()
    assert 'data-testid="tone-ok"' in html
    assert html.count("text-bg-success") == 2  # greeting and intent, no self-introduction


@pytest.mark.req("A-07")
def test_the_notices_panel_shows_what_the_customer_was_sent(ticket, agent):
    pump()

    panel = section(page(agent, ticket), "notices")

    assert 'data-notice="ticket.received"' in panel
    assert "139****5678" in panel
    assert ticket.number in panel


@pytest.mark.req("P-01")
def test_another_teams_agent_and_tech_support_get_a_404(ticket, other_team_agent, tech_support):
    assert client_for(other_team_agent).get(f"/tickets/{ticket.number}/").status_code == 404
    assert client_for(tech_support).get(f"/tickets/{ticket.number}/").status_code == 404
