"""Inquiries: receive one from any channel and answer it, with the opening check and promises.

线上咨询（官网、微信、APP等）: 工作日内30分钟内回复；非工作日（含节假日）24小时内回复 — 门店客户
需立即接待（等待时间不超过5分钟）— 电话咨询需在3声铃响内接听 (000 §二(一)); the durations are
policy rows, the phone is answered live and its rings are recorded. “您的问题我需要核实一下，
1小时内给您回复” becomes the ``inquiry.promised_reply`` deadline. Implements S-01..S-04.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Product
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.models import Channel, User
from kefu.core.permissions import allowed, require
from kefu.customers.contacts import normalise_email, normalise_phone
from kefu.customers.models import Customer
from kefu.customers.services import create_customer
from kefu.presales.models import OPEN_STAGES, Inquiry, Lead, Reply, Stage
from kefu.presales.services.leads import lock, move
from kefu.quality.checker import check_opening, simplified
from kefu.sla.services import meet_deadline, start_deadline

ONLINE_FIRST_RESPONSE = "inquiry.online.first_response"
STORE_RECEPTION = "inquiry.store.reception"
PROMISED_REPLY = "inquiry.promised_reply"
# Written channels answer to the online rule; on the phone the agent answers live.
FIRST_RESPONSE_POLICY = {
    Channel.WEB: ONLINE_FIRST_RESPONSE,
    Channel.WECHAT: ONLINE_FIRST_RESPONSE,
    Channel.APP: ONLINE_FIRST_RESPONSE,
    Channel.EMAIL: ONLINE_FIRST_RESPONSE,
    Channel.SMS: ONLINE_FIRST_RESPONSE,
    Channel.STORE: STORE_RECEPTION,
}
FIRST_RESPONSE_KINDS = frozenset(FIRST_RESPONSE_POLICY.values())
# “1小时内给您回复”, “一个小时内回复您”: the seed's promise to check and come back.
PROMISE = re.compile(r"(?:1|一)\s*个?\s*小时内")
QUESTION_MAX = 2000
CLOCK_SKEW = timedelta(minutes=2)


@dataclass(frozen=True)
class InquiryData:
    """What the customer asked and who they are: an existing customer, or name and contact."""

    channel: str
    question: str
    product_id: int | None = None
    customer_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    received_at: datetime | None = None
    rings: int | None = None


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput("invalid_inquiry", message, {field: message})


def _product(product_id: int | None) -> Product | None:
    if product_id is None:
        return None
    row = Product.objects.filter(pk=product_id, active=True).first()
    if row is None:
        raise _invalid("product_id", _("No product on sale with that number."))
    return row


def _check(data: InquiryData, now: datetime) -> None:
    if data.channel not in Channel.values:
        raise _invalid("channel", _("Unknown channel."))
    if not data.question.strip():
        raise _invalid("question", _("Write what the customer asked about."))
    if len(data.question) > QUESTION_MAX:
        raise _invalid("question", _("At most %(n)s characters.") % {"n": QUESTION_MAX})
    if data.received_at is not None and data.received_at > now + CLOCK_SKEW:
        raise _invalid("received_at", _("An inquiry cannot be received in the future."))
    if data.rings is not None and data.channel != Channel.PHONE:
        raise _invalid("rings", _("Rings are recorded for phone calls only."))
    if data.rings is not None and not 0 <= data.rings <= 99:
        raise _invalid("rings", _("The number of rings must be between 0 and 99."))


def _customer(actor: User, data: InquiryData) -> Customer:
    """The customer named by id, else the one with this phone or email, else a new one."""
    if data.customer_id is not None:
        row = Customer.objects.filter(pk=data.customer_id, erased_at__isnull=True).first()
        if row is None or not allowed(actor, "customer.view", row):
            raise NotFound("customer_not_found", _("No such customer."))
        return row
    phone, email = normalise_phone(data.phone), normalise_email(data.email)
    found = Q(pk__in=[])
    if phone:
        found |= Q(phone=phone) | Q(alt_phone=phone)
    if email:
        found |= Q(email=email)
    row = Customer.objects.filter(found, erased_at__isnull=True).first()
    if row is not None:
        return row
    if not data.name.strip():
        raise _invalid("name", _("Enter the customer's name, or choose a customer."))
    return create_customer(
        actor=actor,
        data={"name": data.name, "phone": phone, "email": email, "source_channel": data.channel},
    )


def _open_lead(actor: User, customer: Customer, channel: str, at: datetime) -> Lead:
    """The customer's open lead, else a new one owned by the receiving agent."""
    lead = Lead.objects.filter(customer=customer, stage__in=OPEN_STAGES).first()
    if lead is not None:
        return lead
    return Lead.objects.create(
        customer=customer,
        channel=channel,
        owner=actor,
        team=actor.team,
        created_at=at,
        stage_changed_at=at,
    )


@transaction.atomic
def receive_inquiry(*, actor: User, data: InquiryData) -> Inquiry:
    """Record an inquiry, link or create its customer, and start its first-response deadline.

    A phone call is answered as it is received: its rings are recorded and the lead counts
    as contacted. Bad input (unknown channel or product, empty question) changes nothing.
    Implements S-01, S-02.
    """
    require(actor, "presales.receive")
    now = timezone.now()
    _check(data, now)
    product = _product(data.product_id)
    customer = _customer(actor, data)
    received_at = data.received_at or now
    lead = _open_lead(actor, customer, data.channel, received_at)
    inquiry = Inquiry.objects.create(
        lead=lead,
        customer=customer,
        channel=data.channel,
        product=product,
        question=data.question.strip(),
        received_at=received_at,
        rings=data.rings,
        owner=lead.owner,
        team=lead.team,
        answered_at=received_at if data.channel == Channel.PHONE else None,
    )
    policy_key = FIRST_RESPONSE_POLICY.get(data.channel)
    if policy_key is not None:
        start_deadline(
            kind=policy_key,
            subject=inquiry,
            started_at=received_at,
            owner=inquiry.owner,
            team=inquiry.team,
        )
    elif lead.stage == Stage.NEW:
        inquiry.lead = lock(lead)
        move(actor, inquiry.lead, None, "contact")
    record_event(
        "inquiry.received",
        subject=inquiry,
        actor=actor,
        customer_id=customer.pk,
        payload={"channel": data.channel, "lead_id": lead.pk, "product_id": data.product_id},
    )
    return inquiry


@transaction.atomic
def reply_to_inquiry(*, actor: User, inquiry: Inquiry, body: str, promise: bool = False) -> Reply:
    """Send a reply; the first meets the first-response deadline, is checked for greeting,
    self-introduction and service intent, and moves a new lead to contacted.

    A reply promising to come back within the hour (or ``promise``, the button) starts the
    ``inquiry.promised_reply`` deadline on the agent's home; the next reply keeps it.
    Implements S-02, S-03, S-04.
    """
    require(actor, "presales.work", inquiry)
    text = body.strip()
    if not text:
        raise _invalid("body", _("Write the reply."))
    now = timezone.now()
    first = inquiry.answered_at is None
    meet_deadline(kind=PROMISED_REPLY, subject=inquiry, at=now)
    check = check_opening(text)
    promised = promise or bool(PROMISE.search(simplified(text)))
    reply = Reply.objects.create(
        inquiry=inquiry,
        author=actor,
        body=text,
        sent_at=now,
        first=first,
        greeting=check.greeting or not first,
        self_introduction=check.self_introduction or not first,
        intent=check.intent or not first,
        promised=promised,
    )
    if first:
        Inquiry.objects.filter(pk=inquiry.pk).update(answered_at=now)
        inquiry.answered_at = now
        for kind in FIRST_RESPONSE_KINDS:
            meet_deadline(kind=kind, subject=inquiry, at=now)
        inquiry.lead = lock(inquiry.lead)
        if inquiry.lead.stage == Stage.NEW:
            move(actor, inquiry.lead, None, "contact")
    if promised:
        start_deadline(
            kind=PROMISED_REPLY, subject=inquiry, started_at=now, owner=actor, team=actor.team
        )
    record_event(
        "inquiry.replied",
        subject=inquiry,
        actor=actor,
        customer_id=inquiry.customer_id,
        payload={"first": first, "promised": promised, "opening_complete": reply.opening_complete},
    )
    return reply
