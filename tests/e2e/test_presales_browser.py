"""One lead in Chromium, as an agent works it: the inquiry recorded, answered from the composer
pre-filled with the opening, needs and budget, a recommendation with its reasons, a price
objection answered with a RAS script, the deal won — and the confirmation in the outbox
(S-01, S-03, S-05..S-09)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.events import pump
from kefu.notify.models import Message
from kefu.presales.models import Lead
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.req("S-01", "S-03", "S-05", "S-06", "S-07", "S-08", "S-09"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NAVIGATION_MS = 30_000


@pytest.fixture
def elder_phone(agent, admin_user):
    agent.first_name = "小A"
    agent.save()
    # As `kefu createuser --role admin` makes one: the admin site's outbox is theirs.
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    phones = CategoryFactory(name="手机数码")
    return ProductFactory(
        sku="PH-ELDER",
        name="老人手机 E1",
        category=phones,
        price_fen=129900,
        selling_points="老人模式，大字体\n一键视频\n电池能用3天",
    )


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def submit(page, selector: str) -> None:
    with page.expect_navigation(timeout=NAVIGATION_MS):
        page.locator(selector).click()


def record_and_answer(page, base: str, product) -> None:
    """The inquiry recorded, then answered from the composer holding the opening."""
    page.goto(f"{base}/presales/")
    page.locator("[data-testid=new-inquiry]").click()
    page.select_option("#id_channel", "wechat")
    page.fill("#id_question", "想给父母买一台容易操作的手机，多少钱？")
    page.fill("#id_product_id", str(product.pk))
    page.fill("#id_name", "王芳")
    page.fill("#id_phone", "13912345678")
    submit(page, "[data-testid=inquiry-form] button")
    # 问候+自我介绍+服务意图, filled in with the agent's name and the shop's.
    assert "我是Kefu客户顾问小A，请问有什么可以帮到您？" in page.input_value("#id_body")
    submit(page, "[data-testid=send-reply]")
    assert page.locator("[data-testid=first-response-deadline] [data-status=met]").count() == 1
    submit(page, "[data-testid=open-lead]")
    assert page.locator("[data-testid=stage]").inner_text() == "已联系"


def analyse_and_recommend(page) -> None:
    needs = page.locator("[data-testid=needs]")
    needs.locator("[name=decision_maker]").fill("子女")
    needs.locator("[name=what]").fill("适合老人用的智能手机")
    needs.locator("[name=budget_yuan]").fill("1500")
    needs.locator("[name=features]").fill("大字体")
    needs.locator("[name=category_id]").select_option(label="手机数码")
    submit(page, "[data-testid=save-needs]")
    assert page.locator("[data-testid=completeness]").inner_text() == "已完成 43%"
    reasons = page.locator("[data-testid=suggestions] [data-testid=reason]").all_inner_texts()
    assert reasons == [
        "属于客户关注的品类：手机数码",
        "价格 ¥1,299.00 在预算 ¥1,500.00 以内",
        "具备客户要求的功能：大字体",
    ]
    submit(page, "[data-testid=send-recommendation]")
    assert page.locator("[data-testid=stage]").inner_text() == "已推荐"


def answer_objection(page) -> None:
    objection = page.locator("[data-testid=objections]")
    objection.locator("[name=kind]").select_option("price")
    objection.locator("[name=words]").fill("你们的价格比别人高")
    objection.get_by_text("价格异议（RAS）").click()
    submit(page, "[data-testid=save-objection]")
    assert page.locator("[data-testid=stage]").inner_text() == "议价中"
    assert "您觉得价格高是正常的" in page.locator("[data-testid=objections]").inner_text()


def test_a_lead_from_inquiry_to_won_in_the_browser(live_server, elder_phone, page, screenshot):
    base = live_server.url
    login(page, base, "agent")
    record_and_answer(page, base, elder_phone)
    analyse_and_recommend(page)
    answer_objection(page)

    win = page.locator("[data-testid=win]")
    win.locator("[name=product_id]").fill(str(elder_phone.pk))
    delivery = timezone.localdate() + timedelta(days=3)
    win.locator("[name=expected_delivery_on]").fill(delivery.isoformat())
    submit(page, "[data-testid=mark-won]")
    assert page.locator("[data-testid=stage]").inner_text() == "已成交"
    number = page.locator("[data-testid=order-number]").inner_text()
    screenshot("presales-lead-won")

    # The worker runs the lead.won handler: the confirmation waits in the outbox.
    pump()
    message = Message.objects.get(template_event="lead.won")
    assert message.recipient == "+8613912345678"
    assert f"您的订单{number}已确认，预计{delivery:%Y-%m-%d}送达" in message.body
    assert "收到产品后请检查包装是否完好" in message.body
    assert Lead.objects.get().order.number == number

    # The administrator sees it in the outbox (a fresh browser profile).
    context = page.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 800}
    )
    admin = context.new_page()
    login(admin, base, "admin")
    admin.goto(f"{base}/admin/notify/message/?q=lead.won")
    assert admin.get_by_role("link", name=str(message.pk), exact=True).count() == 1
    assert admin.get_by_text("lead.won").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    admin.screenshot(path=str(SCREENSHOTS / "presales-confirmation-in-outbox.png"), full_page=True)
    context.close()
