"""Closing a sale: the order linked (or entered), the lead won, the confirmation queued.

成交后跟进 (000 §二(六)): 发送成交确认邮件/短信（包含订单信息、预计送达时间、联系人方式）；提前提醒
客户注意事项；邀请客户加入企业会员 — the ``lead.won`` event's handler queues that message through
the outbox. An order entered here records ``order.created``, whose survey handler schedules the
成交后7天 survey by the ``survey.after_purchase`` policy. Implements S-09.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Order
from kefu.catalog.services import ItemData, OrderData, create_order
from kefu.core.errors import InvalidInput
from kefu.core.events import record_event
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.presales.models import Lead
from kefu.presales.services.leads import lock, move, products_on_sale
from kefu.presales.workflow import WORKFLOW
from kefu.sla.services import cancel_deadlines


@dataclass(frozen=True)
class DealData:
    """The order of a won lead: an existing order's number, or the products to enter one."""

    expected_delivery_on: date | None
    order_number: str = ""
    product_ids: Sequence[int] = field(default_factory=tuple)
    quantity: int = 1


def _invalid(field_name: str, message: str) -> InvalidInput:
    return InvalidInput("invalid_deal", message, {field_name: message})


def _linked_order(lead: Lead, number: str) -> Order:
    order = Order.objects.filter(number=number).first()
    if order is None:
        raise _invalid("order_number", _("No order with that number."))
    if order.customer_id != lead.customer_id:
        raise _invalid("order_number", _("That order belongs to another customer."))
    return order


def _entered_order(actor: User, lead: Lead, data: DealData) -> Order:
    if not data.product_ids:
        raise _invalid("product_ids", _("Enter the order number, or choose the products sold."))
    products = products_on_sale(data.product_ids)
    now = timezone.now()
    number = f"PS{timezone.localtime(now):%Y%m%d}{lead.pk:06d}"
    return create_order(
        actor=actor,
        customer=lead.customer,
        data=OrderData(
            number=number,
            purchased_at=now,
            channel=lead.channel,
            items=[ItemData(p, data.quantity, p.price_fen) for p in products],
        ),
    )


@transaction.atomic
def win_lead(*, actor: User, lead: Lead, version: int | None, data: DealData) -> Lead:
    """Mark the lead won with its order and expected delivery date, and queue the
    confirmation (order, expected delivery, contact, precautions, membership invitation).

    The delivery date must be today or later; an order of another customer is refused.
    Implements S-09.
    """
    require(actor, "presales.work", lead)
    locked = lock(lead)
    WORKFLOW.next_state(locked.stage, "win", actor)
    if data.expected_delivery_on is None:
        raise _invalid("expected_delivery_on", _("Enter the expected delivery date."))
    if data.expected_delivery_on < timezone.localdate():
        raise _invalid("expected_delivery_on", _("The expected delivery date cannot be past."))
    if not 1 <= data.quantity <= 9999:
        raise _invalid("quantity", _("The quantity must be between 1 and 9999."))
    number = data.order_number.strip()
    order = _linked_order(locked, number) if number else _entered_order(actor, locked, data)
    locked.order, locked.expected_delivery_on = order, data.expected_delivery_on
    move(actor, locked, version, "win", extra=["order", "expected_delivery_on"])
    for inquiry in locked.inquiries.all():
        cancel_deadlines(subject=inquiry)
    record_event(
        "lead.won",
        subject=locked,
        actor=actor,
        customer_id=locked.customer_id,
        payload={
            "order_id": order.pk,
            "order_number": order.number,
            "expected_delivery_on": data.expected_delivery_on.isoformat(),
            "agent_id": actor.pk,
        },
    )
    return locked
