"""Working a ticket: replies, diagnosis, category and priority, and the version-checked edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import Channel, User
from kefu.core.permissions import require
from kefu.tickets.guides import guide_for
from kefu.tickets.models import Category, Direction, Status, Subtype, Ticket, TicketMessage
from kefu.tickets.services import deadlines
from kefu.tickets.services.flow import begin, clean_choice, clean_text, emit, save
from kefu.tickets.services.intake import DEMAND_MAX, DESCRIPTION_MAX, MESSAGE_MAX
from kefu.tickets.workflow import WORKFLOW


def _to_diagnosis(ticket: Ticket, actor: User) -> None:
    ticket.status = WORKFLOW.next_state(ticket.status, "diagnose", actor)
    save(ticket, ["status"])
    # 进度反馈: 每完成一个环节需通过短信/电话告知客户 (000 §三(三)).
    emit("ticket.progress", ticket, actor, step="diagnosing")


@transaction.atomic
def reply_to_ticket(
    *, actor: User, ticket: Ticket, body: str, internal: bool = False, channel: str = ""
) -> TicketMessage:
    """Record an answer to the customer (or an internal note, which the customer never sees).

    The first answer meets the first-response deadline, is the greeting of the six steps
    (问候开场) and moves a new ticket into diagnosis. Internal notes meet nothing.
    Implements A-01 (response deadline), A-08.
    """
    locked, _state = begin(actor, ticket, "reply")
    text = clean_text(body, "body", max_length=MESSAGE_MAX)
    message = TicketMessage.objects.create(
        ticket=locked,
        direction=Direction.INTERNAL if internal else Direction.OUTBOUND,
        author=actor,
        body=text,
        channel=clean_choice(channel or locked.channel, Channel, "channel"),
    )
    if not internal:
        if locked.first_responded_at is None:
            locked.first_responded_at = message.created_at
            save(locked, ["first_responded_at"])
        deadlines.settle(locked, deadlines.FIRST_RESPONSE_KINDS, at=message.created_at)
        if locked.status == Status.NEW:
            _to_diagnosis(locked, actor)
        deadlines.refresh_next_due(locked)
    emit("ticket.replied", locked, actor, message_id=message.pk, internal=internal)
    return message


@transaction.atomic
def start_diagnosis(*, actor: User, ticket: Ticket, version: int | None = None) -> Ticket:
    """Begin 问题诊断: verify the order and policy, find the cause; the customer is told.

    Implements A-04 (the step), A-07 (progress notice), A-08.
    """
    locked, _state = begin(actor, ticket, "diagnose", version=version)
    _to_diagnosis(locked, actor)
    return locked


EDITABLE = {
    "description": "categorize",
    "demand": "categorize",
    "category": "categorize",
    "subtype": "categorize",
    "urgent": "prioritize",
    "important": "prioritize",
}


def _clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("urgent", "important"):
            values[name] = bool(value)
        elif name == "category":
            values[name] = clean_choice(value, Category, name) if value else ""
        elif name == "subtype":
            values[name] = clean_choice(value, Subtype, name) if value else ""
        else:
            limit = DESCRIPTION_MAX if name == "description" else DEMAND_MAX
            values[name] = clean_text(value, name, max_length=limit, required=name == "description")
    guide = guide_for(values.get("subtype", ""))
    if guide is not None and "category" not in values:
        values["category"] = guide.default_category
    return values


@transaction.atomic
def update_ticket(
    *, actor: User, ticket: Ticket, version: int | None, changes: Mapping[str, Any]
) -> Ticket:
    """Change the problem, demand, category/sub-type or urgency/importance, only if nobody
    saved the ticket since ``version`` was read (else 409 stale and nothing written).

    Choosing a sub-type without a category takes the sub-type's usual category (seed 002).
    Implements A-02, A-03.
    """
    actions = {EDITABLE.get(name, "categorize") for name in changes} or {"categorize"}
    for action in sorted(actions):
        require(actor, f"ticket.{action}", ticket)
    values = _clean_changes(changes)
    locked, _state = begin(actor, ticket, sorted(actions)[0], version=version)
    for action in sorted(actions)[1:]:
        WORKFLOW.next_state(locked.status, action, actor)
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, values[name])
    if not changed:
        return locked
    save(locked, changed)
    record_audit(
        actor=actor, action="ticket.updated", subject=locked, data={"fields": sorted(changed)}
    )
    if {"category", "subtype"} & set(changed):
        emit("ticket.categorized", locked, actor, category=locked.category, subtype=locked.subtype)
    if {"urgent", "important"} & set(changed):
        emit(
            "ticket.prioritized",
            locked,
            actor,
            urgent=locked.urgent,
            important=locked.important,
            priority=locked.priority,
        )
    return locked


def categorize_ticket(
    *,
    actor: User,
    ticket: Ticket,
    category: str = "",
    subtype: str = "",
    version: int | None = None,
) -> Ticket:
    """Set 问题分类 and the seed-002 sub-type (whose guide then shows). Implements A-02."""
    changes = {"subtype": subtype, **({"category": category} if category or not subtype else {})}
    return update_ticket(actor=actor, ticket=ticket, version=version, changes=changes)


def set_priority(
    *, actor: User, ticket: Ticket, urgent: bool, important: bool, version: int | None = None
) -> Ticket:
    """Place the ticket in a quadrant of 四象限法则 (priority 1–4). Implements A-03."""
    return update_ticket(
        actor=actor,
        ticket=ticket,
        version=version,
        changes={"urgent": urgent, "important": important},
    )
