"""When surveys go out: scheduled by policy after a resolution or a purchase, sent by the worker.

调查时机 (000 §三(四)): 问题解决后 (``survey.after_resolution``) and 成交后
(``survey.after_purchase``); the durations are policy rows. One survey per customer per
ticket or order (a unique constraint); the send job claims each survey with a conditional
UPDATE, so it goes out once even when two workers run the job at the same moment.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import DeliveryStatus, Order
from kefu.core.errors import InvalidInput
from kefu.core.events import record_event
from kefu.core.models import Event
from kefu.customers.models import Customer
from kefu.notify.models import MessageChannel
from kefu.notify.recipients import recipient_for
from kefu.notify.services import notify
from kefu.sla.services import compute_due, policy
from kefu.surveys.models import Method, Status, Survey, Trigger
from kefu.surveys.services.links import hash_token, new_token, survey_link
from kefu.tickets.models import Ticket

log = logging.getLogger(__name__)

AFTER_RESOLUTION = "survey.after_resolution"
AFTER_PURCHASE = "survey.after_purchase"
LINK_LIFETIME = "survey.link_lifetime"
LANGUAGE = "zh-hans"
SEND_BATCH = 200


def complaint_customer(customer_id: int) -> bool:
    """Has this customer ever complained? Read from the event log, so surveys need no
    complaints app: 投诉客户 get a phone survey."""
    return Event.objects.filter(customer_id=customer_id, name__startswith="complaint.").exists()


def _send_at(policy_key: str, started_at: datetime) -> datetime:
    return compute_due(policy(policy_key), started_at).due_at


def _create_once(survey: Survey) -> tuple[Survey, bool]:
    """Insert ``survey`` unless its customer already has one about the same ticket/order."""
    about = {"ticket_id": survey.ticket_id} if survey.ticket_id else {"order_id": survey.order_id}
    existing = Survey.objects.filter(customer_id=survey.customer_id, **about).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        return Survey.objects.get(customer_id=survey.customer_id, **about), False
    return survey, True


@transaction.atomic
def schedule_ticket_survey(*, ticket_id: int) -> Survey | None:
    """Schedule the survey of a resolved ticket, ``survey.after_resolution`` after it.

    Important tickets and complaint customers get a phone survey (电话回访). A ticket
    resolved again after a reopen keeps its one survey, due again from the new resolution.
    Implements Q-01, Q-03.
    """
    ticket = Ticket.objects.select_related("customer").filter(pk=ticket_id).first()
    if ticket is None or ticket.resolved_at is None or ticket.customer.erased_at is not None:
        return None
    send_at = _send_at(AFTER_RESOLUTION, ticket.resolved_at)
    important = ticket.important or complaint_customer(ticket.customer_id)
    survey, created = _create_once(
        Survey(
            customer=ticket.customer,
            trigger=Trigger.RESOLUTION,
            ticket=ticket,
            method=Method.PHONE if important else Method.ONLINE,
            team_id=ticket.team_id,
            agent_id=ticket.assignee_id,
            category=ticket.category,
            channel=ticket.channel,
            service_at=ticket.resolved_at,
            send_at=send_at,
        )
    )
    if not created:
        Survey.objects.filter(pk=survey.pk, status__in=[Status.SCHEDULED, Status.CANCELLED]).update(
            status=Status.SCHEDULED,
            send_at=send_at,
            service_at=ticket.resolved_at,
            cancel_reason="",
            agent_id=ticket.assignee_id,
            team_id=ticket.team_id,
        )
        survey.refresh_from_db()
    return survey


@transaction.atomic
def hold_ticket_survey(*, ticket_id: int) -> int:
    """A reopened ticket is not done: its survey waits for the next resolution."""
    return Survey.objects.filter(ticket_id=ticket_id, status=Status.SCHEDULED).update(
        status=Status.CANCELLED, cancel_reason=_("The ticket was reopened.")
    )


def _delivery_moment(order: Order, recorded_at: datetime) -> datetime:
    """The delivery day at the time of day it was recorded (an import records it later)."""
    local = timezone.localtime(recorded_at)
    if order.delivered_on is None or order.delivered_on >= local.date():
        return recorded_at
    moment = datetime.combine(order.delivered_on, local.time(), tzinfo=local.tzinfo)
    return max(moment, order.purchased_at)


@transaction.atomic
def schedule_purchase_survey(*, order_id: int, recorded_at: datetime) -> Survey | None:
    """Schedule the survey of an order ``survey.after_purchase`` after its delivery, or after
    the purchase while it is not delivered (成交后7天: 您收到产品已经一周了).

    A later delivery moves a survey not yet sent. Implements Q-01.
    """
    order = Order.objects.select_related("customer").filter(pk=order_id).first()
    if order is None or order.customer.erased_at is not None:
        return None
    delivered = order.delivery_status == DeliveryStatus.DELIVERED
    started = _delivery_moment(order, recorded_at) if delivered else order.purchased_at
    send_at = _send_at(AFTER_PURCHASE, started)
    customer: Customer = order.customer
    survey, created = _create_once(
        Survey(
            customer=customer,
            trigger=Trigger.PURCHASE,
            order=order,
            method=Method.PHONE if complaint_customer(customer.pk) else Method.ONLINE,
            team_id=customer.team_id,
            agent_id=customer.owner_id,
            category="",
            channel=order.channel,
            service_at=started,
            send_at=send_at,
        )
    )
    if not created and survey.status == Status.SCHEDULED and send_at > survey.send_at:
        Survey.objects.filter(pk=survey.pk, status=Status.SCHEDULED).update(
            send_at=send_at, service_at=started
        )
        survey.refresh_from_db()
    return survey


# --- the send job ---------------------------------------------------------------------------


def _address(customer: Customer) -> tuple[str, str] | None:
    """SMS to the mobile number, else email; None when neither is usable."""
    for channel, value in (
        (MessageChannel.SMS, customer.phone),
        (MessageChannel.EMAIL, customer.email),
    ):
        try:
            address = recipient_for(channel, value, None)
        except InvalidInput:
            continue
        if address:
            return channel, address
    return None


def _give_up(survey_id: int, status: str, reason: str) -> bool:
    return bool(
        Survey.objects.filter(pk=survey_id, status=Status.SCHEDULED).update(
            status=status, cancel_reason=reason
        )
    )


def _invite(survey: Survey, target: tuple[str, str], token: str) -> None:
    """Record ``survey.sent`` and queue the invitation with the link, once per event."""
    channel, address = target
    event = record_event(
        "survey.sent",
        subject=survey,
        customer_id=survey.customer_id,
        payload={"trigger": survey.trigger, "number": survey.subject_number, "channel": channel},
    )
    notify(
        event=event,
        channel=channel,
        recipient=address,
        template_event="survey.invitation",
        language=LANGUAGE,
        customer_id=survey.customer_id,
        context={
            "link": survey_link(token),
            "customer_name": survey.customer.name,
            "number": survey.subject_number,
        },
    )


def send_survey(survey_id: int, now: datetime) -> bool:
    """Send one due online survey: claim it, record ``survey.sent``, queue the invitation.

    Returns True if this call sent it. A survey whose time passed longer ago than the link
    lifetime (an old order imported today) expires unsent. Implements Q-01, Q-03.
    """
    with transaction.atomic():
        survey = Survey.objects.select_related("customer", "ticket", "order").get(pk=survey_id)
        lifetime = policy(LINK_LIFETIME)
        if compute_due(lifetime, survey.send_at).due_at <= now:
            _give_up(survey_id, Status.EXPIRED, _("Too late to ask."))
            return False
        target = _address(survey.customer)
        if target is None:
            _give_up(survey_id, Status.CANCELLED, _("No mobile number or email to send to."))
            return False
        token = new_token()
        claimed = Survey.objects.filter(
            pk=survey_id, status=Status.SCHEDULED, send_at__lte=now
        ).update(
            status=Status.SENT,
            sent_at=now,
            sent_channel=target[0],
            token_hash=hash_token(token),
            expires_at=compute_due(lifetime, now).due_at,
        )
        if not claimed:
            return False
        _invite(survey, target, token)
    return True


def send_due_surveys(now: datetime | None = None, *, batch: int = SEND_BATCH) -> int:
    """Send every online survey whose time has come; expire links past their lifetime.

    Safe to run on several workers at once. Returns how many this call sent.
    """
    now = now or timezone.now()
    due = (
        Survey.objects.filter(status=Status.SCHEDULED, method=Method.ONLINE, send_at__lte=now)
        .order_by("send_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    sent = 0
    for survey_id in list(due):
        try:
            sent += send_survey(survey_id, now)
        except Exception:  # one bad row must not stop the others
            log.exception("survey %s could not be sent", survey_id)
    Survey.objects.filter(status=Status.SENT, expires_at__lte=now).update(status=Status.EXPIRED)
    return sent
