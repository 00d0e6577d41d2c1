"""Receiving a complaint (投訴受理, 004 §六 (1)): the registration form, from a page, the API or a
ticket, with the first-contact deadline, and the crisis escalation of a public complaint.

Implements K-01, K-02, K-04 (classification at intake) and K-11.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Order, OrderItem
from kefu.complaints.classification import owner_for, pick_owner, priority_of
from kefu.complaints.models import (
    CRISIS_SOURCES,
    AttachmentKind,
    Complaint,
    ComplaintSequence,
    Nature,
    Scope,
    Source,
    Urgency,
)
from kefu.complaints.services.evidence import store
from kefu.complaints.services.flow import (
    FIRST_CONTACT,
    clean_choice,
    clean_text,
    emit,
    save,
    start_complaint_deadline,
)
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.models import Channel, Role, User
from kefu.core.permissions import allowed, require
from kefu.customers.contacts import normalise_email, normalise_phone
from kefu.customers.models import Customer
from kefu.customers.services import create_customer
from kefu.sla.services import assign_deadlines
from kefu.tickets.models import Ticket
from kefu.tickets.services.attachments import check_upload

CONTENT_MAX = 5000
# Clocks of phones and PCs differ a little; a complaint time further ahead is a typo.
FUTURE_TOLERANCE = timedelta(minutes=5)
DEMAND_MAX = 2000


@dataclass
class NewComplaint:
    """The complaint registration form (顧客投訴登記表): complainant, time, channel, content,
    contact, and the related order or ticket.

    The complainant is ``customer_id``, or found by ``phone``/``email`` (created with ``name``
    when unknown), or the customer of ``order_number`` or ``ticket_number``.
    """

    content: str
    channel: str
    demand: str = ""
    received_at: datetime | None = None
    customer_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    order_number: str = ""
    order_item_id: int | None = None
    ticket_number: str = ""
    source: str = Source.DIRECT
    source_detail: str = ""
    nature: str = ""
    urgency: str = Urgency.NORMAL
    scope: str = Scope.INDIVIDUAL
    attachments: list[UploadedFile] = field(default_factory=list)


def next_number(now: datetime | None = None) -> str:
    """``C`` + local date ``yymmdd`` + the day's sequence (``C2603150001``), unique under
    concurrency: the day's counter row is bumped by an UPDATE that holds its lock until commit."""
    day = timezone.localdate(now)
    if not ComplaintSequence.objects.filter(day=day).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                ComplaintSequence.objects.create(day=day, last=1)
        except IntegrityError:  # another transaction created the day's row first
            ComplaintSequence.objects.filter(day=day).update(last=F("last") + 1)
    last = ComplaintSequence.objects.filter(day=day).values_list("last", flat=True).get()
    return f"C{day:%y%m%d}{last:04d}"


def _refuse(code: str, field_name: str, message: str) -> InvalidInput:
    return InvalidInput(code, message, {field_name: message})


def _ticket(actor: User, number: str) -> Ticket | None:
    number = number.strip().upper()
    if not number:
        return None
    ticket = Ticket.objects.select_related("customer", "order").filter(number=number).first()
    if ticket is None or not allowed(actor, "ticket.view", ticket):
        raise _refuse("unknown_ticket", "ticket_number", _("No ticket with that number."))
    return ticket


def _order(number: str, ticket: Ticket | None) -> Order | None:
    number = number.strip()
    if not number:
        return ticket.order if ticket is not None else None
    order = Order.objects.filter(number=number).first()
    if order is None:
        raise _refuse(
            "unknown_order",
            "order_number",
            _("No order with that number was found. Check the order number."),
        )
    return order


def _item(order: Order | None, item_id: int | None, ticket: Ticket | None) -> OrderItem | None:
    if order is None:
        return None
    items = list(order.items.select_related("product"))
    if item_id is None:
        if ticket is not None and ticket.order_item_id is not None:
            return next((i for i in items if i.pk == ticket.order_item_id), None)
        return items[0] if len(items) == 1 else None
    item = next((i for i in items if i.pk == item_id), None)
    if item is None:
        raise _refuse("unknown_item", "order_item_id", _("That item is not part of the order."))
    return item


def _match_or_create(actor: User, draft: NewComplaint) -> Customer:
    """The customer with this phone or email, else a new one owned by the registering agent."""
    phone, email = normalise_phone(draft.phone), normalise_email(draft.email)
    by_phone = (
        Customer.objects.filter(Q(phone=phone) | Q(alt_phone=phone)).first() if phone else None
    )
    by_email = Customer.objects.filter(email=email).first() if email else None
    if by_phone and by_email and by_phone.pk != by_email.pk:
        raise _refuse(
            "phone_email_mismatch",
            "email",
            _("The phone number and the email belong to two different customers."),
        )
    found = by_phone or by_email
    if found is not None:
        return found
    return create_customer(
        actor=actor,
        data={
            "name": draft.name.strip() or phone or email,
            "phone": phone,
            "email": email,
            "source_channel": draft.channel,
        },
    )


def _customer(
    actor: User, draft: NewComplaint, order: Order | None, ticket: Ticket | None
) -> Customer:
    if draft.customer_id is not None:
        customer = Customer.objects.filter(pk=draft.customer_id).first()
        if customer is None or not allowed(actor, "customer.view", customer):
            raise NotFound(
                "customer_not_found", _("No such customer."), {"customer_id": _("Not found.")}
            )
    elif draft.phone.strip() or draft.email.strip():
        customer = _match_or_create(actor, draft)
    elif ticket is not None or order is not None:
        customer = ticket.customer if ticket is not None else order.customer  # type: ignore[union-attr]
    else:
        raise _refuse(
            "customer_required", "phone", _("Give the complainant's phone number or email.")
        )
    for linked, field_name in ((order, "order_number"), (ticket, "ticket_number")):
        if linked is not None and linked.customer_id != customer.pk:
            raise _refuse(
                "other_customer", field_name, _("That record belongs to another customer.")
            )
    return customer


def _clean(draft: NewComplaint) -> dict[str, object]:
    received_at = draft.received_at or timezone.now()
    if received_at > timezone.now() + FUTURE_TOLERANCE:
        raise _refuse(
            "received_in_future", "received_at", _("The complaint time cannot be in the future.")
        )
    return {
        "content": clean_text(draft.content, "content", max_length=CONTENT_MAX),
        "demand": clean_text(draft.demand, "demand", max_length=DEMAND_MAX, required=False),
        "channel": clean_choice(draft.channel, Channel, "channel"),
        "source": clean_choice(draft.source or Source.DIRECT, Source, "source"),
        "source_detail": clean_text(
            draft.source_detail, "source_detail", max_length=100, required=False
        ),
        "nature": clean_choice(draft.nature, Nature, "nature") if draft.nature else "",
        "urgency": clean_choice(draft.urgency or Urgency.NORMAL, Urgency, "urgency"),
        "scope": clean_choice(draft.scope or Scope.INDIVIDUAL, Scope, "scope"),
        "received_at": received_at,
    }


def _create(actor: User, draft: NewComplaint, values: dict[str, object]) -> Complaint:
    """The complaint row: its customer and links, priority and owner by the table (K-04)."""
    ticket = _ticket(actor, draft.ticket_number)
    order = _order(draft.order_number, ticket)
    customer = _customer(actor, draft, order, ticket)
    priority = priority_of(str(values["urgency"]), str(values["scope"]))
    team = actor.team if actor.team_id else (ticket.team if ticket is not None else None)
    return Complaint.objects.create(
        number=next_number(),
        customer=customer,
        order=order,
        order_item=_item(order, draft.order_item_id, ticket),
        ticket=ticket,
        contact_phone=normalise_phone(draft.phone) or customer.phone,
        contact_email=normalise_email(draft.email) or customer.email,
        priority=priority,
        owner=owner_for(priority, actor if actor.role != Role.ADMIN else None, team),
        team=team,
        created_by=actor,
        **values,
    )


@transaction.atomic
def register_complaint(*, actor: User, draft: NewComplaint) -> Complaint:
    """Register a complaint and start its first-contact deadline (``complaint.first_contact``).

    Nature, urgency and scope set the priority and the owner (K-04). A complaint made through
    a public platform, a consumer association, the media or a court is a crisis: priority 1,
    owned by a manager at once, managers told (K-11). Bad input writes nothing.
    Implements K-01, K-02, K-04, K-11.
    """
    require(actor, "complaint.register")
    values = _clean(draft)
    checked = [check_upload(upload) for upload in draft.attachments]
    complaint = _create(actor, draft, values)
    for one in checked:
        store(complaint, one, actor, AttachmentKind.EVIDENCE)
    start_complaint_deadline(FIRST_CONTACT, complaint, started_at=complaint.received_at)
    ticket = complaint.ticket.number if complaint.ticket_id else None
    record_audit(
        actor=actor,
        action="complaint.registered",
        subject=complaint,
        data={"channel": complaint.channel, "source": complaint.source, "ticket": ticket},
    )
    crisis = complaint.source in CRISIS_SOURCES
    emit(
        "complaint.registered",
        complaint,
        actor,
        channel=complaint.channel,
        priority=1 if crisis else complaint.priority,
        crisis=crisis,
    )
    if crisis:
        escalate_crisis(actor, complaint)
    return complaint


def escalate_crisis(actor: User, complaint: Complaint) -> None:
    """危機公關: priority 1, owned by a manager now, every manager told. Implements K-11.

    ``complaint`` is a row the caller created or locked in this transaction.
    """
    complaint.crisis = True
    complaint.priority = 1
    complaint.escalated_at = complaint.escalated_at or timezone.now()
    if complaint.owner is None or complaint.owner.role != Role.MANAGER:
        complaint.owner = pick_owner(Role.MANAGER, complaint.team) or complaint.owner
    save(complaint, ["crisis", "priority", "escalated_at", "owner"])
    assign_deadlines(subject=complaint, owner=complaint.owner, team=complaint.team)
    record_audit(
        actor=actor,
        action="complaint.crisis_escalated",
        subject=complaint,
        data={"source": complaint.source, "owner": complaint.owner_id},
    )
    emit(
        "complaint.crisis_escalated",
        complaint,
        actor,
        timeline=False,
        source=complaint.source,
        owner_id=complaint.owner_id,
    )


@transaction.atomic
def convert_ticket_to_complaint(
    *,
    actor: User,
    ticket: Ticket,
    content: str = "",
    source: str = Source.DIRECT,
    source_detail: str = "",
    nature: str = "",
    urgency: str = Urgency.NORMAL,
    scope: str = Scope.INDIVIDUAL,
) -> Complaint:
    """ "Convert to complaint" on a ticket: a complaint of the ticket's customer about its order,
    with the ticket's description unless other content is given, linked to the ticket.
    Implements K-01.
    """
    require(actor, "ticket.view", ticket)
    draft = NewComplaint(
        content=content.strip() or ticket.description,
        demand=ticket.demand,
        channel=ticket.channel,
        ticket_number=ticket.number,
        source=source,
        source_detail=source_detail,
        nature=nature,
        urgency=urgency,
        scope=scope,
    )
    return register_complaint(actor=actor, draft=draft)
