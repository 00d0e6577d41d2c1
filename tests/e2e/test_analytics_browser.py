"""A manager opens the service dashboard in Chromium, sees the charts drawn, picks an earlier
period and sees that period's figures and charts (Y-01, Y-05)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.analytics.facts import rebuild_ticket_facts
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS
from tests.tickets.factories import TicketFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.req("Y-01", "Y-05"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAVIGATION_MS = 30_000


@pytest.fixture
def tickets(team, agent):
    """Three tickets in the last 30 days, two in the 30 days before."""
    now = timezone.now()
    for days, channel, minutes in (
        (2, "web", 10),
        (5, "wechat", 20),
        (9, "web", 30),
        (40, "phone", 15),
        (45, "web", 25),
    ):
        created = now - timedelta(days=days)
        TicketFactory(
            created_at=created,
            first_responded_at=created + timedelta(minutes=minutes),
            channel=channel,
            team=team,
            assignee=agent,
            status="closed",
            queue_due_at=None,
        )
    rebuild_ticket_facts()


def headline_tickets(page) -> str:
    return (
        page.locator("[data-testid=table-headline] tbody tr")
        .first.locator("td")
        .nth(1)
        .inner_text()
    )


def test_a_manager_changes_the_period_and_the_charts_follow(live_server, tickets, manager, page):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.locator("[data-testid=nav-analytics]").click()
    page.wait_for_url(f"{live_server.url}/analytics/")
    page.locator("[data-testid=chart-channel][data-rendered=true]").wait_for()
    assert headline_tickets(page) == "3"
    assert page.locator("[data-testid=chart-channel] canvas").count() == 1

    today = timezone.localdate()
    page.fill("#period-start", (today - timedelta(days=59)).isoformat())
    page.fill("#period-end", (today - timedelta(days=30)).isoformat())
    page.locator("[data-testid=show]").click()
    page.wait_for_url("**/analytics/?start=*", timeout=NAVIGATION_MS)
    page.locator("[data-testid=chart-channel][data-rendered=true]").wait_for()

    assert headline_tickets(page) == "2"
    assert page.locator("[data-testid=chart-backlog] canvas").count() == 1
    channels = page.locator("[data-testid=table-channel] tbody tr td:first-child").all_inner_texts()
    assert sorted(channels) == sorted(["网站", "电话"])
    page.locator("[data-testid=by-team]").click()
    page.wait_for_url("**/analytics/?start=*&by=team", timeout=NAVIGATION_MS)
    page.locator("[data-testid=chart-team][data-rendered=true]").wait_for()
    assert page.locator("#period-start").input_value() == (today - timedelta(days=59)).isoformat()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "analytics-dashboard.png"), full_page=True)
