"""The index follows the records through the outbox: after a change commits and its handler
ran (``pump``), the new words find the record and the old ones no longer do."""

from __future__ import annotations

import pytest

from kefu.core.events import pump
from kefu.core.models import Delivery
from kefu.customers.services import update_customer
from kefu.knowledge.services import create_article, update_article
from kefu.search.models import SearchDocument
from kefu.tickets.services import (
    NewTicket,
    assign_ticket,
    categorize_ticket,
    record_customer_message,
    update_ticket,
)
from kefu.tickets.services import open_ticket as open_ticket_service
from tests.customers.factories import CustomerFactory
from tests.search.conftest import found


def open_ticket(actor, description: str, **fields):
    draft = NewTicket(description=description, channel="phone", **fields)
    return open_ticket_service(actor=actor, draft=draft)


def test_an_opened_ticket_is_found_once_its_event_was_handled(statutory_calendar, agent, customer):
    ticket = open_ticket(agent, "手机屏幕碎了，申请退款", customer_id=customer.pk)
    handler = "kefu.tickets.handlers.index_ticket"

    assert found(agent, "退款") == []  # nothing is indexed inside the request
    assert Delivery.objects.filter(handler=handler, event__name="ticket.received").count() == 1
    pump()
    assert found(agent, "退款") == [ticket.pk]


def test_an_edited_ticket_is_found_by_its_new_words_and_not_its_old_ones(
    statutory_calendar, agent, customer
):
    ticket = open_ticket(agent, "手机屏幕碎了", customer_id=customer.pk)
    pump()

    update_ticket(
        actor=agent,
        ticket=ticket,
        version=None,
        changes={"description": "电池鼓包，要求换货", "category": "product_quality"},
    )
    pump()

    assert found(agent, "换货") == [ticket.pk]
    assert found(agent, "屏幕") == []


def test_a_customer_message_makes_the_ticket_findable_by_its_words(
    statutory_calendar, agent, customer
):
    ticket = open_ticket(agent, "咨询保修", customer_id=customer.pk)
    pump()

    record_customer_message(actor=agent, ticket=ticket, body="快递盒子破损了")
    pump()

    assert found(agent, "破损") == [ticket.pk]


def test_assigning_a_ticket_lets_its_new_assignee_find_it(
    statutory_calendar, agent, other_team_agent, supervisor, customer
):
    ticket = open_ticket(agent, "发票抬头开错了", customer_id=customer.pk)
    pump()
    assert found(other_team_agent, "发票") == []

    assign_ticket(actor=supervisor, ticket=ticket, assignee=other_team_agent)
    pump()

    assert found(other_team_agent, "发票") == [ticket.pk]


def test_a_recategorised_ticket_keeps_one_document(statutory_calendar, agent, customer):
    ticket = open_ticket(agent, "物流太慢", customer_id=customer.pk)
    categorize_ticket(actor=agent, ticket=ticket, subtype="delivery_delay")
    pump()

    assert SearchDocument.objects.filter(kind="ticket", object_id=ticket.pk).count() == 1


def test_a_renamed_customer_is_found_by_the_new_name_and_so_are_their_tickets(
    statutory_calendar, agent, team
):
    customer = CustomerFactory(name="王小明", team=team)
    ticket = open_ticket(agent, "耳机没声音", customer_id=customer.pk)
    pump()

    update_customer(actor=agent, customer=customer, version=None, changes={"name": "王晓明"})
    pump()

    assert found(agent, "王晓明", kinds=["customer"]) == [customer.pk]
    assert found(agent, "王晓明", kinds=["ticket"]) == [ticket.pk]
    assert found(agent, "小明", kinds=["customer"]) == []


def test_a_new_order_makes_its_customer_findable_by_the_order_number(supervisor, customer):
    from datetime import timedelta

    from django.utils import timezone

    from kefu.catalog.services import ItemData, OrderData, create_order
    from tests.catalog.factories import ProductFactory

    product = ProductFactory()
    data = OrderData(
        number="DD-2026-0415-77",
        purchased_at=timezone.now() - timedelta(days=1),
        items=[ItemData(product=product, quantity=1, unit_price_fen=9900)],
    )
    create_order(actor=None, customer=customer, data=data)
    pump()

    assert found(supervisor, "DD-2026-0415-77", kinds=["customer"]) == [customer.pk]


@pytest.mark.req("N-01")
def test_an_edited_article_is_found_by_its_new_words_and_not_its_old_ones(agent, supervisor):
    article = create_article(
        actor=supervisor,
        title="手机无法开机怎么办",
        body="长按电源键十秒",
        category="customer_usage",
    )
    pump()
    assert found(agent, "电源键", kinds=["article"]) == [article.pk]

    update_article(actor=supervisor, article_id=article.pk, changes={"body": "先充电半小时"})
    pump()

    assert found(agent, "充电", kinds=["article"]) == [article.pk]
    assert found(agent, "电源键", kinds=["article"]) == []


@pytest.mark.req("N-01")
def test_an_unpublished_article_is_found_only_by_supervisors(agent, supervisor):
    article = create_article(
        actor=supervisor, title="退款流程说明", body="七天无理由退货", category="service_process"
    )
    update_article(actor=supervisor, article_id=article.pk, changes={"published": False})
    pump()

    assert found(agent, "退款", kinds=["article"]) == []
    assert found(supervisor, "退款", kinds=["article"]) == [article.pk]
