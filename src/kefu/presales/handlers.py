"""Pre-sales events → the customer told: a won lead's confirmation message (S-09).

发送成交确认邮件/短信（包含订单信息、预计送达时间、联系人方式）(000 §二(六)): by SMS to a mobile
number, else by email; the precautions and the membership invitation are in the template.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from kefu.core.models import Event, User
from kefu.notify.services import notify
from kefu.presales.models import Lead

LANGUAGE = "zh-hans"
CONFIRMATION = "lead.won"


def confirmation_context(lead: Lead, event: Event) -> dict[str, str]:
    """The placeholders of the ``lead.won`` templates."""
    agent = User.objects.filter(pk=event.payload.get("agent_id")).first() or lead.owner
    eta = date.fromisoformat(str(event.payload["expected_delivery_on"]))
    return {
        "brand": settings.KEFU_BRAND,
        "customer_name": lead.customer.name,
        "order_number": str(event.payload["order_number"]),
        "eta": f"{eta:%Y-%m-%d}",
        "agent_name": agent.display_name if agent else "",
    }


def confirm_deal(event: Event) -> None:
    """Queue the confirmation of a won lead to its customer, once per event."""
    lead = Lead.objects.select_related("customer", "owner").filter(pk=event.subject_id).first()
    if lead is None or lead.customer.erased_at is not None:
        return
    customer = lead.customer
    channel, recipient = ("sms", customer.phone) if customer.phone else ("email", customer.email)
    if not recipient:
        return
    notify(
        event=event,
        channel=channel,
        recipient=recipient,
        template_event=CONFIRMATION,
        language=LANGUAGE,
        context=confirmation_context(lead, event),
        customer_id=customer.pk,
    )


HANDLERS = {"lead.won": confirm_deal}
