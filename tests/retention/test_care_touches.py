"""Care touches (R-01): each kind of rule reaches the right consenting customers, through the
outbox and the notify templates, never twice for one rule, customer and period."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import pump
from kefu.core.models import Event
from kefu.notify.models import Message
from kefu.retention.models import CareRule, Touch
from kefu.retention.services import run_care_rules, save_rule
from tests.catalog.factories import ProductFactory
from tests.retention.conftest import WORKING, at
from tests.retention.factories import ConsentingCustomerFactory, RuleFactory

pytestmark = [pytest.mark.req("R-01"), pytest.mark.django_db]


def run(now=WORKING) -> int:
    with time_machine.travel(now, tick=False):
        queued = run_care_rules()
        pump()
    return queued


def bodies() -> list[str]:
    return list(Message.objects.order_by("pk").values_list("body", flat=True))


def test_a_monthly_usage_tip_goes_to_every_consenting_customer_once_a_month():
    wang = ConsentingCustomerFactory(name="王伟")
    li = ConsentingCustomerFactory(name="李娜")
    ConsentingCustomerFactory(name="张敏", marketing_consent=False)
    rule = RuleFactory(day_of_month=5)

    assert run(at(2026, 3, 4, 10)) == 0  # before the rule's day of the month
    assert run() == 2
    assert run(at(2026, 3, 20, 10)) == 0  # same month: never twice
    touches = Touch.objects.filter(rule=rule).order_by("customer_id")
    assert [(t.customer_id, t.period, t.status) for t in touches] == [
        (wang.pk, "2026-03", "sent"),
        (li.pk, "2026-03", "sent"),
    ]
    body = bodies()[0]
    assert body.startswith(
        "王伟您好，本月为您准备了产品使用技巧：夏天用空调的5个省电技巧：温度设在26度，定期清洗滤网。\n"
        "不想再收到此类消息？点此退订：http://127.0.0.1:8000/retention/unsubscribe/"
    )
    assert Message.objects.filter(template_event="retention.usage_tip", channel="sms").count() == 2
    assert run(at(2026, 4, 7, 10)) == 2  # next month: a new period


def test_a_birthday_coupon_is_sent_in_the_days_before_the_birthday_once_a_year():
    soon = ConsentingCustomerFactory(name="王伟", birthday=date(1990, 3, 12))
    ConsentingCustomerFactory(name="李娜", birthday=date(1985, 3, 20))
    RuleFactory(kind="birthday", lead_days=3, content="满200减50生日券，本月有效")

    assert run() == 1
    touch = Touch.objects.get()
    assert (touch.customer_id, touch.period, touch.context) == (
        soon.pk,
        "2026",
        {"date": "2026-03-12"},
    )
    assert bodies() == [
        f"王伟您好，祝您生日快乐！我们为您准备了一份生日优惠券：满200减50生日券，本月有效\n"
        f"不想再收到此类消息？点此退订：{bodies()[0].rsplit('：', 1)[1]}"
    ]
    assert run(at(2026, 3, 11, 10)) == 0


def test_a_holiday_greeting_names_the_public_holiday_of_the_business_calendar(
    statutory_calendar,
):
    ConsentingCustomerFactory(name="王伟")
    RuleFactory(kind="holiday", lead_days=2, content="")

    assert run(at(2026, 4, 28, 10)) == 0  # 劳动节 starts 1 May, three days later
    assert run(at(2026, 4, 29, 10)) == 1
    touch = Touch.objects.get()
    assert (touch.period, touch.context) == (
        "2026-05-01",
        {"holiday": "劳动节", "date": "2026-05-01"},
    )
    assert bodies()[0].startswith("王伟您好，劳动节将至，Kefu祝您节日快乐！\n")
    assert run(at(2026, 4, 30, 10)) == 0


def test_a_new_product_preview_and_member_early_access_announce_the_product_once():
    product = ProductFactory(name="扫地机器人 S9")
    member = ConsentingCustomerFactory(name="王伟", member_level="gold")
    ConsentingCustomerFactory(name="李娜", member_level="none")
    RuleFactory(kind="new_product", product=product, content="下周一上市")
    RuleFactory(kind="early_access", product=product, content="提前3天购买")

    assert run() == 3
    early = Touch.objects.get(rule__kind="early_access")
    assert (early.customer_id, early.period) == (member.pk, f"product-{product.pk}")
    assert sorted(b.split("\n")[0] for b in bodies()) == [
        "李娜您好，新品上架预告：扫地机器人 S9即将上市。下周一上市",
        "王伟您好，新品上市，老客户可以提前购买：扫地机器人 S9。提前3天购买",
        "王伟您好，新品上架预告：扫地机器人 S9即将上市。下周一上市",
    ]
    assert run(at(2026, 3, 11, 10)) == 0


def test_a_maintenance_reminder_goes_the_given_months_after_purchase():
    from tests.catalog.factories import OrderFactory

    due = ConsentingCustomerFactory(name="王伟")
    later = ConsentingCustomerFactory(name="李娜")
    OrderFactory(
        customer=due, purchased_at=at(2025, 9, 11, 15), items=[ProductFactory(name="空气净化器")]
    )
    OrderFactory(customer=later, purchased_at=at(2025, 9, 20, 15))
    RuleFactory(kind="maintenance", months=6, lead_days=3, content="")

    assert run() == 1
    touch = Touch.objects.get()
    assert (touch.customer_id, touch.context) == (due.pk, {"product": "空气净化器", "months": 6})
    assert (
        bodies()[0].split("\n")[0] == "王伟您好，您的空气净化器已使用6个月，友情提醒您及时做保养。"
    )


def test_each_touch_is_an_outbox_event_on_the_customer_timeline():
    customer = ConsentingCustomerFactory()
    RuleFactory()

    with time_machine.travel(WORKING, tick=False):
        run_care_rules()
    event = Event.objects.get(name="retention.touch_queued")
    assert event.customer_id == customer.pk
    assert Touch.objects.get().status == "queued"
    assert Message.objects.count() == 0  # sent by the outbox handler, not by the run

    pump()
    assert Touch.objects.get().status == "sent"
    assert Message.objects.get().event_id == event.pk


def test_the_same_rule_customer_and_period_is_a_unique_touch():
    from django.db import IntegrityError, transaction

    customer = ConsentingCustomerFactory()
    rule = RuleFactory()
    Touch.objects.create(rule=rule, customer=customer, period="2026-03")
    with pytest.raises(IntegrityError), transaction.atomic():
        Touch.objects.create(rule=rule, customer=customer, period="2026-03")


def test_a_supervisor_writes_a_rule_with_an_audience_and_schedule(supervisor):
    rule = save_rule(
        actor=supervisor,
        values={
            "name": "金卡会员生日券",
            "kind": "birthday",
            "content": "满200减50",
            "audience": {"member_levels": ["gold"], "provinces": ["广东省"]},
            "lead_days": 5,
        },
    )
    assert (rule.kind, rule.audience, rule.lead_days, rule.created_by) == (
        "birthday",
        {"member_levels": ["gold"], "provinces": ["广东省"]},
        5,
        supervisor,
    )


def test_the_audience_filter_narrows_who_a_rule_reaches(supervisor):
    gold = ConsentingCustomerFactory(member_level="gold", province="广东省")
    ConsentingCustomerFactory(member_level="gold", province="浙江省")
    ConsentingCustomerFactory(member_level="silver", province="广东省")
    save_rule(
        actor=supervisor,
        values={
            "name": "广东金卡技巧",
            "kind": "usage_tip",
            "content": "x",
            "audience": {"member_levels": ["gold"], "provinces": ["广东省"]},
        },
    )
    assert run() == 1
    assert Touch.objects.get().customer_id == gold.pk


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " ", "kind": "usage_tip"}, "name"),
        ({"name": "x", "kind": "lottery"}, "kind"),
        ({"name": "x", "kind": "usage_tip", "day_of_month": 31}, "day_of_month"),
        ({"name": "x", "kind": "new_product"}, "product_id"),
        ({"name": "x", "kind": "maintenance"}, "months"),
        ({"name": "x", "kind": "usage_tip", "audience": {"member_levels": ["vip"]}}, "audience"),
        ({"name": "x", "kind": "usage_tip", "audience": {"age": [1]}}, "audience"),
        ({"name": "x", "kind": "usage_tip", "channel": "fax"}, "channel"),
    ],
)
def test_a_bad_rule_is_refused_and_nothing_is_saved(supervisor, values, field):
    with pytest.raises(InvalidInput) as refused:
        save_rule(actor=supervisor, values=values)
    assert field in refused.value.fields
    assert CareRule.objects.count() == 0


def test_an_agent_may_not_write_care_rules(agent):
    with pytest.raises(Forbidden):
        save_rule(actor=agent, values={"name": "x", "kind": "usage_tip"})
    assert CareRule.objects.count() == 0
    assert Event.objects.count() == 0


def test_a_touch_another_worker_queued_first_is_skipped_and_the_rest_are_saved():
    from kefu.retention.services.care import _save

    first, second = ConsentingCustomerFactory(), ConsentingCustomerFactory()
    rule = RuleFactory()
    Touch.objects.create(rule=rule, customer=first, period="2026-03")  # the other worker's
    saved = _save(
        [
            Touch(rule=rule, customer=first, period="2026-03"),
            Touch(rule=rule, customer=second, period="2026-03"),
        ]
    )
    assert [t.customer_id for t in saved] == [second.pk]
    assert Touch.objects.filter(rule=rule).count() == 2


def test_a_large_audience_is_queued_in_chunks_each_touch_once(monkeypatch):
    from kefu.retention.services import care

    monkeypatch.setattr(care, "CHUNK", 2)
    ConsentingCustomerFactory.create_batch(5)
    RuleFactory()
    assert run() == 5
    assert run(at(2026, 3, 11, 10)) == 0
    assert Touch.objects.filter(status="sent").count() == 5
