"""After the deal (S-09): the order linked or entered, the confirmation queued through the
outbox with the precautions, and the 7-day after-purchase survey scheduled by its policy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from kefu.catalog.models import Order
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.events import pump
from kefu.core.models import Event
from kefu.notify.models import Message
from kefu.presales import services
from kefu.presales.models import Lead, Stage
from kefu.surveys.models import Survey
from tests.catalog.factories import OrderFactory
from tests.customers.factories import CustomerFactory
from tests.presales.conftest import at, lead_at

pytestmark = pytest.mark.django_db


def win(agent, lead, **data):
    values = {"expected_delivery_on": date(2026, 3, 5), **data}
    return services.win_lead(
        actor=agent, lead=lead, version=lead.version, data=services.DealData(**values)
    )


@pytest.mark.req("S-09")
def test_a_won_lead_enters_its_order_queues_the_confirmation_and_a_survey(agent, catalog):
    agent.first_name = "小A"
    agent.save()
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        lead = lead_at(agent, Stage.NEGOTIATING, catalog)
        win(agent, lead, product_ids=[catalog["elder"].pk], quantity=2)
        pump()

    lead.refresh_from_db()
    assert lead.stage == Stage.WON
    assert lead.reached == 5
    order = lead.order
    assert (order.number, order.amount_fen, order.customer) == (
        f"PS20260302{lead.pk:06d}",
        259800,
        lead.customer,
    )
    message = Message.objects.get(template_event="lead.won")
    assert (message.channel, message.recipient) == ("sms", "+8613912345678")
    assert message.body == (
        f"王芳您好，感谢您的购买！您的订单{order.number}已确认，预计2026-03-05送达。"
        "如有任何问题，请联系您的客户顾问小A。温馨提示：收到产品后请检查包装是否完好。"
        "您可以关注我们的公众号，领取会员专属优惠券。"
    )
    survey = Survey.objects.get(order=order)
    assert (survey.trigger, survey.send_at) == ("purchase", at(2026, 3, 9, 10, 0))


@pytest.mark.req("S-09")
def test_a_won_lead_links_the_customers_existing_order(agent, catalog):
    lead = lead_at(agent, Stage.RECOMMENDED, catalog)
    order = OrderFactory(number="DD20260302001", customer=lead.customer)

    win(agent, lead, order_number="DD20260302001", expected_delivery_on=timezone.localdate())
    pump()

    lead.refresh_from_db()
    assert lead.order == order
    assert Order.objects.count() == 1
    assert Message.objects.filter(template_event="lead.won").count() == 1


@pytest.mark.req("S-09")
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"order_number": "NOPE-1"}, "order_number"),
        ({"order_number": "OTHER-1"}, "order_number"),
        ({"product_ids": [999999]}, "product_ids"),
        ({}, "product_ids"),
        ({"product_ids": "elder", "expected_delivery_on": None}, "expected_delivery_on"),
        (
            {"product_ids": "elder", "expected_delivery_on": date(2020, 1, 1)},
            "expected_delivery_on",
        ),
        ({"product_ids": "elder", "quantity": 0}, "quantity"),
    ],
    ids=[
        "unknown-order",
        "other-customer",
        "unknown-product",
        "no-order",
        "no-date",
        "past",
        "qty",
    ],
)
def test_a_bad_deal_is_refused_and_nothing_is_written(agent, catalog, data, field):
    OrderFactory(number="OTHER-1", customer=CustomerFactory())
    lead = lead_at(agent, Stage.NEGOTIATING, catalog)
    if data.get("product_ids") == "elder":
        data["product_ids"] = [catalog["elder"].pk]
    values = {"expected_delivery_on": timezone.localdate() + timedelta(days=2), **data}
    before = (Order.objects.count(), Event.objects.count(), lead.version)

    with pytest.raises(InvalidInput) as refused:
        services.win_lead(
            actor=agent, lead=lead, version=lead.version, data=services.DealData(**values)
        )

    assert field in refused.value.fields
    lead.refresh_from_db()
    assert (Order.objects.count(), Event.objects.count(), lead.version) == before
    assert lead.stage == Stage.NEGOTIATING


@pytest.mark.req("S-09")
def test_a_lead_is_not_won_before_a_recommendation(agent, catalog):
    lead = lead_at(agent, Stage.NEEDS_ANALYSED, catalog)

    with pytest.raises(Conflict):
        win(
            agent,
            lead,
            product_ids=[catalog["elder"].pk],
            expected_delivery_on=timezone.localdate(),
        )

    assert Lead.objects.get().stage == Stage.NEEDS_ANALYSED
    assert not Order.objects.exists()
