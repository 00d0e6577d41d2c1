"""An agent logs in through the real form in Chromium and switches the language (P-07)."""

from __future__ import annotations

import pytest

from kefu.core.models import User
from kefu.sla.services import start_deadline
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.req("P-07"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def li_na(agent) -> User:
    """An agent with a name and one open deadline, arranged before the browser starts."""
    agent.first_name = "李娜"
    agent.save()
    start_deadline(
        kind="ticket.online.first_response", subject=agent.team, owner=agent, team=agent.team
    )
    return agent


def log_in(page, password: str) -> None:
    page.fill("#id_username", "agent")
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()


def test_an_agent_logs_in_sees_chinese_and_switches_to_english(
    li_na, live_server, page, screenshot
):
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/login/?next=/"
    assert page.locator("h1").inner_text() == "登录"
    screenshot("login-zh-hans")

    log_in(page, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")

    assert page.locator("h1").inner_text() == "您好，李娜"
    assert page.locator("#deadlines-title").inner_text() == "我的待办时限"
    assert page.locator("[data-testid=current-user]").inner_text() == "李娜 客服专员"
    assert "售后工单首次回复" in page.locator("[data-testid=deadlines]").inner_text()
    screenshot("home-zh-hans")

    page.locator("[data-testid=language-switch] .dropdown-toggle").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "Hello, 李娜"
    assert page.locator("#deadlines-title").inner_text() == "My open deadlines"
    assert page.get_by_role("button", name="Log out").is_visible()
    screenshot("home-en")


def test_a_wrong_password_is_shown_in_place(agent, live_server, page):
    page.goto(f"{live_server.url}/login/")
    log_in(page, "not-the-password")

    assert page.locator("[data-testid=form-errors]").inner_text() == (
        "请输入一个正确的用户名和密码。注意，两者都区分大小写。"
    )
