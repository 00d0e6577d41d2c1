"""An agent works a ticket in Chromium: takes it from the queue, sees the warranty verdict,
offers an exchange, records the customer's choice and the first tracking step, and the
progress notice reaches the outbox (A-04, A-05, A-07, A-10)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from kefu.core.events import pump
from kefu.core.models import User
from kefu.notify.models import Message
from kefu.tickets.models import Ticket
from kefu.tickets.services import NewTicket, open_ticket
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.conftest import PASSWORD
from tests.customers.factories import CustomerFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.req("A-04", "A-05", "A-07", "A-10"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def li_na(agent) -> User:
    agent.first_name = "李娜"
    agent.save()
    return agent


@pytest.fixture
def waiting_ticket(statutory_calendar, li_na, supervisor) -> Ticket:
    """A WeChat ticket in the team's pool about a phone delivered 38 days ago: past the
    15-day exchange window, inside the 12-month warranty."""
    customer = CustomerFactory(name="王伟", phone="+8613912345678", team=li_na.team)
    bought = timezone.now() - timedelta(days=40)
    order = OrderFactory(
        number="DD2026E2E0001",
        customer=customer,
        items=[ProductFactory(sku="PHONE-X1", name="智能手机 X1", warranty_months=12)],
        purchased_at=bought,
        delivered_on=timezone.localdate(bought) + timedelta(days=2),
    )
    return open_ticket(
        actor=supervisor,
        draft=NewTicket(
            description="手机用了一个月就无法开机",
            demand="希望换一台新的",
            channel="wechat",
            customer_id=customer.pk,
            order_number=order.number,
            subtype="quality_defect",
        ),
    )


def in_a_worker_thread(work):
    """Run ORM work outside the browser's event loop, as ``kefu worker`` would."""
    result = {}

    def run() -> None:
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return result.get("value")


def test_an_agent_takes_a_ticket_offers_an_exchange_and_the_customer_is_told(
    waiting_ticket, live_server, page, screenshot
):
    number = waiting_ticket.number
    page.goto(f"{live_server.url}/login/?next=/tickets/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/tickets/")

    row = page.locator(f'tr[data-ticket="{number}"]')
    assert "王伟" in row.inner_text()
    row.locator('[data-testid="take"]').click()
    page.locator(f'tr[data-ticket="{number}"] >> text=李娜').wait_for()
    screenshot("queue")

    page.locator(f'tr[data-ticket="{number}"] a').first.click()
    page.wait_for_url(f"{live_server.url}/tickets/{number}/")
    assert page.locator("[data-testid=assignee]").inner_text() == "李娜"
    assert page.locator("[data-testid=verdict-label]").inner_text() == "免费维修（保修期内）"

    page.locator("[data-testid=diagnose]").click()
    page.wait_for_load_state()
    assert page.locator("[data-step=diagnose]").get_attribute("data-state") == "current"

    page.select_option("#id_offer_kind_1", "exchange")
    page.select_option("#id_offer_kind_2", "")
    page.locator("[data-testid=offer]").click()
    page.wait_for_load_state()
    assert page.locator("[data-step=offer]").get_attribute("data-state") == "current"

    page.locator("[data-testid=choose-exchange]").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=status]").inner_text() == "处理中"

    page.locator("[data-testid=progress-item_received]").click()
    page.wait_for_load_state()

    def deliver_notices() -> list[tuple[str, str]]:
        pump()
        rows = Message.objects.filter(customer_id=waiting_ticket.customer_id).order_by("pk")
        return [(m.template_event, m.body) for m in rows]

    sent = in_a_worker_thread(deliver_notices)
    assert [event for event, _step in sent] == [
        "ticket.received",
        "ticket.progress",  # 诊断中
        "ticket.solution_offered",
        "ticket.progress",  # 已收到商品
    ]
    assert "收到" in sent[-1][1]

    page.reload()
    notices = page.locator("[data-testid=notices] [data-notice='ticket.progress']")
    assert notices.count() == 2
    assert "13912345678" not in page.locator("[data-testid=notices]").inner_text()
    screenshot("ticket")
