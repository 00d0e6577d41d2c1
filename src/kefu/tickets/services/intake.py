"""Receiving a ticket (售后咨询与问题受理, 000 §三(一)): who, which order, what, how urgent.

Implements A-01, A-02 (category at intake), A-03 (agitation cue) and P-02 (channel kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from opencc import OpenCC

from kefu.catalog.models import Order, OrderItem
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.models import ONLINE_CHANNELS, Channel, User
from kefu.core.permissions import allowed, require
from kefu.customers.contacts import normalise_email, normalise_phone
from kefu.customers.models import Customer
from kefu.customers.services import create_customer
from kefu.quality.emotion import classify
from kefu.sla.models import Deadline
from kefu.tickets.guides import AGITATION_PHRASES, guide_for
from kefu.tickets.models import (
    NO_DEADLINE,
    Category,
    Direction,
    Subtype,
    Ticket,
    TicketMessage,
    TicketSequence,
)
from kefu.tickets.services import deadlines
from kefu.tickets.services.assignment import pick_agent
from kefu.tickets.services.attachments import CheckedFile, check_upload, store
from kefu.tickets.services.flow import begin, clean_choice, clean_text, emit, emit_all, save

DESCRIPTION_MAX = 5000
DEMAND_MAX = 2000
MESSAGE_MAX = 5000


@dataclass
class NewTicket:
    """What the intake form, the API or the public web form collected.

    The customer is ``customer_id``, or found by ``phone``/``email`` (created with ``name``
    when unknown), or the owner of ``order_number``.
    """

    description: str
    channel: str
    demand: str = ""
    customer_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    wechat_id: str = ""  # the customer's openid on the shop's official account (channels)
    order_number: str = ""
    order_item_id: int | None = None
    category: str = ""
    subtype: str = ""
    urgent: bool = False
    important: bool = False
    auto_assign: bool = False
    attachments: list[UploadedFile] = field(default_factory=list)


@cache
def _to_simplified() -> OpenCC:
    return OpenCC("t2s")


def agitation_cues(text: str) -> list[str]:
    """The phrases of ``AGITATION_PHRASES`` in the customer's words (Traditional converted);
    without one, the words that make the message angry or anxious (G-03)."""
    normalised = _to_simplified().convert(text or "").replace("！", "!")
    found = [phrase for phrase in AGITATION_PHRASES if phrase in normalised]
    emotion = classify(text or "") if not found else None
    if emotion is not None and emotion.raises_urgency:
        found = list(emotion.cues) or [emotion.label]
    return found


def next_number(now: object = None) -> str:
    """``T`` + local date ``yymmdd`` + the day's sequence (``T2611230001``), unique under
    concurrency: the day's counter row is bumped by an UPDATE that holds its lock until commit."""
    day = timezone.localdate(now)  # type: ignore[arg-type]
    last = _bump_day(day)
    if last is None:
        try:
            with transaction.atomic():
                TicketSequence.objects.create(day=day, last=1)
            last = 1
        except IntegrityError:  # another transaction created the day's row first
            last = _bump_day(day)
    return f"T{day:%y%m%d}{last:04d}"


def _bump_day(day: date) -> int | None:
    """The day's counter plus one, written and read in one ``UPDATE … RETURNING`` (SQLite and
    PostgreSQL both have it); None when the day has no row yet."""
    table = connection.ops.quote_name(TicketSequence._meta.db_table)
    value = TicketSequence._meta.get_field("day").get_db_prep_value(day, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "last" = "last" + 1 WHERE "day" = %s RETURNING "last"',  # noqa: S608 - the table name is the model's
            [value],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _find_order(number: str) -> Order | None:
    number = number.strip()
    if not number:
        return None
    order = Order.objects.filter(number=number).first()
    if order is None:
        raise unknown_order()
    return order


def unknown_order() -> InvalidInput:
    message = _("No order with that number was found. Check the order number.")
    return InvalidInput("unknown_order", message, {"order_number": message})


def _find_item(order: Order | None, item_id: int | None) -> OrderItem | None:
    if order is None:
        if item_id is not None:
            raise InvalidInput(
                "item_without_order",
                _("Give the order number of the item."),
                {"order_number": _("This field is required.")},
            )
        return None
    items = list(order.items.select_related("product"))
    if item_id is None:
        return items[0] if len(items) == 1 else None
    item = next((i for i in items if i.pk == item_id), None)
    if item is None:
        raise InvalidInput(
            "unknown_item",
            _("That item is not part of the order."),
            {"order_item_id": _("Not in this order.")},
        )
    return item


def _find_customer(actor: User | None, draft: NewTicket, order: Order | None) -> Customer | None:
    """The customer named by id, or the order's owner. None when the customer is to be found
    by phone, email or WeChat: that may create one, so it is left to the write transaction
    (``_customer_by_contact``)."""
    if draft.customer_id is not None and actor is not None:
        customer = Customer.objects.filter(pk=draft.customer_id).first()
        if customer is None or not allowed(actor, "customer.view", customer):
            raise NotFound(
                "customer_not_found", _("No such customer."), {"customer_id": _("Not found.")}
            )
    elif draft.phone.strip() or draft.email.strip() or draft.wechat_id:
        return None
    elif order is not None and actor is not None:
        return order.customer
    else:
        message = _("Give the customer's phone number or email.")
        raise InvalidInput("customer_required", message, {"phone": message})
    _check_order_owner(actor, order, customer)
    return customer


def _customer_by_contact(actor: User | None, draft: NewTicket, order: Order | None) -> Customer:
    customer = _match_or_create(actor, draft)
    _check_order_owner(actor, order, customer)
    return customer


def _check_order_owner(actor: User | None, order: Order | None, customer: Customer) -> None:
    if order is not None and order.customer_id != customer.pk:
        # The public form must not tell a stranger that someone else's order exists.
        if actor is None:
            raise unknown_order()
        raise InvalidInput(
            "order_of_another_customer",
            _("That order belongs to another customer."),
            {"order_number": _("Belongs to another customer.")},
        )


def _match_or_create(actor: User | None, draft: NewTicket) -> Customer:
    """The customer with this phone (else email); a new one, owned by the agent, otherwise."""
    phone, email = normalise_phone(draft.phone), normalise_email(draft.email)
    found = None
    if phone:
        found = Customer.objects.filter(Q(phone=phone) | Q(alt_phone=phone)).first()
    if found is None and email:
        found = Customer.objects.filter(email=email).first()
    if found is None and draft.wechat_id:
        found = Customer.objects.filter(wechat_id=draft.wechat_id).first()
    if found is not None:
        return found
    data = {"name": draft.name, "phone": phone, "email": email, "source_channel": draft.channel}
    data["wechat_id"] = draft.wechat_id
    return create_customer(actor=actor, data=data)


def _clean(actor: User | None, draft: NewTicket) -> dict[str, object]:
    # Customers write in themselves on the online channels and by email (channels app).
    allowed_channels = Channel.values if actor is not None else [*ONLINE_CHANNELS, Channel.EMAIL]
    if draft.channel not in allowed_channels:
        raise InvalidInput(
            "invalid_channel",
            _("Choose one of the listed channels."),
            {"channel": _("Not one of the choices.")},
        )
    subtype = clean_choice(draft.subtype, Subtype, "subtype") if draft.subtype else ""
    category = clean_choice(draft.category, Category, "category") if draft.category else ""
    guide = guide_for(subtype)
    return {
        "description": clean_text(draft.description, "description", max_length=DESCRIPTION_MAX),
        "demand": clean_text(draft.demand, "demand", max_length=DEMAND_MAX, required=False),
        "channel": draft.channel,
        "subtype": subtype,
        "category": category or (guide.default_category if guide else ""),
        "urgent": bool(draft.urgent),
        "important": bool(draft.important),
    }


def open_ticket(*, actor: User | None, draft: NewTicket) -> Ticket:
    """Register a ticket and start its first-response deadline; tell the customer it arrived.

    ``actor`` None is the public web form (online channels only). An unknown order number is
    refused and nothing is written. Words like 气死/投诉/差评 in the customer's text mark the
    customer agitated and the ticket urgent. Online tickets must be answered within
    ``ticket.online.first_response``; a phone or store ticket was answered by the agent who
    records it. Implements A-01, A-02, A-03, P-02.

    Checks, lookups, the cues and the deadline are worked out first; the write transaction
    only numbers and inserts, so it stays short (SQLite writers queue for it, and on
    PostgreSQL the day's number counter stays locked until it commits).
    """
    if actor is not None:
        require(actor, "ticket.open")
    values = _clean(actor, draft)
    checked = [check_upload(upload) for upload in draft.attachments]
    order = _find_order(draft.order_number)
    item = _find_item(order, draft.order_item_id)
    customer = _find_customer(actor, draft, order)
    cues = agitation_cues(f"{values['description']}\n{values['demand']}")
    now = timezone.now()
    ticket = Ticket(
        order=order,
        order_item=item,
        agitated=bool(cues),
        **{**values, "urgent": values["urgent"] or bool(cues)},
        team_id=actor.team_id if actor is not None else None,
        created_by=actor,
        created_at=now,
    )
    assignee = _assign_by_load(ticket) if draft.auto_assign or actor is None else None
    first = _first_response(actor, ticket)
    # On PostgreSQL the day's counter row stays locked until the transaction that bumped it
    # commits: bumped in a transaction of its own, concurrent creates do not queue on it for
    # all their inserts (a create that fails afterwards leaves a gap in the day's numbers).
    # SQLite lets one writer at a time in anyway, so there the bump joins the inserts.
    alone = connection.vendor == "postgresql" and not connection.in_atomic_block
    number = next_number(now) if alone else ""
    with transaction.atomic():
        ticket.customer = customer or _customer_by_contact(actor, draft, order)
        ticket.number = number or next_number(now)
        _save_new(ticket, first, checked, actor)
        record_audit(
            actor=actor,
            action="ticket.opened",
            subject=ticket,
            data={"channel": ticket.channel, "number": ticket.number},
        )
        _announce(ticket, actor, cues, assignee)
    return ticket


def _save_new(
    ticket: Ticket, first: Deadline, checked: list[CheckedFile], actor: User | None
) -> None:
    """Insert the ticket (its queue keys already set), its first deadline and its files."""
    ticket.save(force_insert=True)
    first.subject_id = str(ticket.pk)
    first.save(force_insert=True)
    if ticket.first_responded_at is not None:
        deadlines.settle(ticket, [first.kind], at=ticket.created_at)
    for one in checked:
        store(ticket, one, actor)
    _fresh(ticket, attached=bool(checked))


def _announce(ticket: Ticket, actor: User | None, cues: list[str], assignee: User | None) -> None:
    received = {"channel": ticket.channel, "agitated": ticket.agitated, "cues": cues}
    news = [("ticket.received", received)]
    if assignee is not None:
        assigned = {"assignee_id": assignee.pk, "team_id": ticket.team_id, "automatic": True}
        news.append(("ticket.assigned", assigned))
    emit_all(ticket, actor, news)


def _assign_by_load(ticket: Ticket) -> User | None:
    """The least-loaded agent takes a new ticket (and their team); it waits in the pool when
    there is none."""
    agent = pick_agent(ticket.team_id)
    if agent is not None:
        ticket.assignee, ticket.assigned_at = agent, ticket.created_at
        ticket.team_id = agent.team_id or ticket.team_id
    return agent


def _first_response(actor: User | None, ticket: Ticket) -> Deadline:
    """The first-response deadline, computed once; the ticket's queue keys are set from it.

    On the phone or at the counter (门店客户需立即接待 / 电话3声铃响内接听) the agent recording
    the ticket is answering now: the deadline is met at once and nothing is due.
    """
    kind = deadlines.FIRST_RESPONSE_POLICY[ticket.channel]
    first = deadlines.plan_ticket_deadline(kind, ticket, started_at=ticket.created_at)
    if actor is not None and ticket.channel in deadlines.FACE_TO_FACE:
        ticket.first_responded_at = ticket.created_at
        ticket.next_due_at, ticket.queue_due_at = None, NO_DEADLINE
    else:
        ticket.next_due_at = ticket.queue_due_at = first.due_at
    return first


def _fresh(ticket: Ticket, *, attached: bool) -> None:
    """A ticket just opened has no solutions, escalations or delays (nor attachments unless
    sent): its detail need not ask the database for them."""
    from kefu.tickets.queries import known_empty  # queries imports the services

    known_empty(
        ticket, ["solutions", "escalations", "delays", *([] if attached else ["attachments"])]
    )


@transaction.atomic
def record_customer_message(
    *, actor: User, ticket: Ticket, body: str, channel: str = ""
) -> TicketMessage:
    """Record what the customer said; angry words raise agitation and urgency (A-03)."""
    locked, _state = begin(actor, ticket, "reply")
    text = clean_text(body, "body", max_length=MESSAGE_MAX)
    message = TicketMessage.objects.create(
        ticket=locked,
        direction=Direction.INBOUND,
        author=actor,
        body=text,
        channel=clean_choice(channel or locked.channel, Channel, "channel"),
    )
    cues = agitation_cues(text)
    if cues and not (locked.agitated and locked.urgent):
        locked.agitated = locked.urgent = True
        save(locked, ["agitated", "urgent"])
    emit("ticket.customer_wrote", locked, actor, message_id=message.pk, cues=cues)
    return message
