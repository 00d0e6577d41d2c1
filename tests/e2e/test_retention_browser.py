"""An agent records a telemarketing call in the browser while the supervisor watches the live
monitoring board refresh by itself (htmx polling) (R-04)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.retention.factories import ConsentingCustomerFactory, LeadFactory, OutboundFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.req("R-04"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def campaign(agent, supervisor):
    running = OutboundFactory(name="金卡会员新品电话营销", goal=2)
    LeadFactory(campaign=running, agent=agent, customer=ConsentingCustomerFactory(name="王伟"))
    LeadFactory(campaign=running, agent=agent, customer=ConsentingCustomerFactory(name="李娜"))
    return running


def log_in(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/")


def test_the_monitoring_board_refreshes_when_an_agent_records_a_call(live_server, campaign, page):
    log_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/retention/campaigns/{campaign.pk}/monitor/")
    row = page.locator("[data-testid=agents] tbody tr")
    assert row.inner_text().split() == ["agent", "2", "0", "0", "0", "0"]

    caller = page.context.browser.new_context(locale="zh-CN").new_page()
    caller.set_default_timeout(10_000)
    log_in(caller, live_server.url, "agent")
    caller.goto(f"{live_server.url}/retention/")
    caller.locator("[data-testid=my-leads] a", has_text="拨打").first.click()
    assert "电话营销：开场白" in caller.locator("[data-testid=scripts]").inner_text()
    caller.get_by_label("有意向").check()
    caller.get_by_role("button", name="记录通话").click()
    caller.wait_for_url(f"{live_server.url}/retention/")
    caller.context.close()

    # Waits without evaluating a string in the page: the site's CSP forbids eval.
    expect(row).to_contain_text("1", timeout=15_000)
    assert row.inner_text().split() == ["agent", "2", "1", "1", "1", "0"]
    assert "有意向 1" in page.locator("[data-testid=totals]").inner_text()
