"""Reads the ticket pages need on top of ``queries.py``: one queue page, the ticket's deadlines,
the notices its customer was sent, the people it can go to, and the composer's scripts.

Everything here is scoped by what the actor may see; nothing counts rows of the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from kefu.core.models import Event, Team, User
from kefu.core.permissions import SUPERVISORS, allowed, require, visible_to
from kefu.core.staff import active_staff
from kefu.knowledge.models import Script
from kefu.knowledge.queries import scripts_for
from kefu.knowledge.services import render_script, unfilled_placeholders
from kefu.notify.models import Message
from kefu.quality.emotion import Emotion, classify
from kefu.sla.models import Deadline, Policy
from kefu.tickets.models import Direction, Escalation, EscalationTarget, Ticket, TicketMessage
from kefu.tickets.permissions import ANSWERERS
from kefu.tickets.queries import queue_cursor, ticket_queue
from kefu.tickets.services.assignment import ASSIGNABLE

QUEUE_PAGE = 30
DEFAULT_WARN_MINUTES = 10
# The composer's script scenes, in the order of a conversation: the six steps' scripts and
# seed 003 §3.2's three scenes (质量问题, 物流延迟, 客户投诉升级), plus soothing and closing.
COMPOSER_SCENES = (
    "opening",
    "soothing",
    "diagnosis",
    "promise_check",
    "quality_problem",
    "delivery_delay",
    "escalation",
    "offer",
    "progress",
    "delay_notice",
    "satisfaction_check",
    "closing",
)


# --- the queue --------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page was asked for; ``scope`` is "", "mine", "team" or "unassigned"."""

    scope: str = ""
    breaching: bool = False
    status: str = "open"
    category: str = ""
    team_id: int | None = None


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    time_left: timedelta | None
    urgency: str  # overdue, warned, ok, or none (nothing due)


@dataclass
class QueuePage:
    rows: list[QueueRow] = field(default_factory=list)
    next_cursor: str | None = None
    warn_window: timedelta = timedelta(minutes=DEFAULT_WARN_MINUTES)


def warn_window() -> timedelta:
    """The longest warning lead of the ticket policies: "breaching soon" on the queue."""
    minutes = Policy.objects.filter(key__startswith="ticket.").aggregate(
        m=Max("warn_before_minutes")
    )
    return timedelta(minutes=minutes["m"] or DEFAULT_WARN_MINUTES)


def _row(ticket: Ticket, now: datetime, window: timedelta) -> QueueRow:
    if ticket.next_due_at is None or not ticket.is_open:
        return QueueRow(ticket, None, "none")
    left = ticket.next_due_at - now
    urgency = "overdue" if left.total_seconds() < 0 else "warned" if left <= window else "ok"
    return QueueRow(ticket, left, urgency)


def queue_page(actor: User, filters: QueueFilters, *, after: str | None = None) -> QueuePage:
    """One page of the queue, soonest deadline first, with a cursor to the next page.

    Reads ``QUEUE_PAGE + 1`` rows by the queue indexes to know whether more follow.
    """
    window = warn_window()
    team: Team | int | None = filters.team_id
    if filters.scope == "team":
        team = actor.team_id if actor.team_id is not None else -1
    qs = ticket_queue(
        actor,
        mine=filters.scope == "mine",
        team=team,
        unassigned=filters.scope == "unassigned",
        breaching_within=window if filters.breaching else None,
        status=filters.status or "open",
        category=filters.category or None,
        after=after,
    )
    rows = list(qs[: QUEUE_PAGE + 1])
    now = timezone.now()
    result = QueuePage([_row(t, now, window) for t in rows[:QUEUE_PAGE]], None, window)
    if len(rows) > QUEUE_PAGE:
        result.next_cursor = queue_cursor(rows[QUEUE_PAGE - 1])
    return result


def queue_row(actor: User, ticket: Ticket) -> QueueRow:
    return _row(ticket, timezone.now(), warn_window())


def teams_for(actor: User) -> list[Team]:
    """Teams a supervisor may filter the queue by (agents use "my team")."""
    return list(Team.objects.order_by("name")) if actor.role in SUPERVISORS else []


# --- one ticket -------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    label: str
    time_left: timedelta | None
    state: str  # open, warned, met, breached, cancelled


def ticket_deadlines(actor: User, ticket: Ticket) -> list[DeadlineRow]:
    """The deadlines of the ticket and of its escalations, soonest first, with time left."""
    require(actor, "ticket.view", ticket)
    escalations = [str(e.pk) for e in ticket.escalations.all()]
    subjects = Q(subject_type=Ticket._meta.label_lower, subject_id=str(ticket.pk))
    if escalations:
        subjects |= Q(subject_type=Escalation._meta.label_lower, subject_id__in=escalations)
    now = timezone.now()
    rows = []
    for row in Deadline.objects.filter(subjects).select_related("policy").order_by("due_at"):
        state = row.status
        unmet = row.met_at is None and row.cancelled_at is None
        if unmet and state not in ("breached",) and row.due_at <= now:
            state = "breached"
        elif unmet and state == "open" and row.warn_at <= now:
            state = "warned"
        left = row.due_at - now if unmet else None
        rows.append(DeadlineRow(row, row.policy.name, left, state))
    return rows


def ticket_notices(actor: User, ticket: Ticket, *, limit: int = 30) -> list[Message]:
    """What the customer was sent about this ticket (A-07), newest first: the outbox rows of
    the ticket's events. Whoever may see the ticket may see what its customer was told."""
    require(actor, "ticket.view", ticket)
    events = Event.objects.filter(
        subject_type=Ticket._meta.label_lower, subject_id=str(ticket.pk)
    ).values("pk")
    return list(Message.objects.filter(event__in=events).order_by("-created_at", "-pk")[:limit])


def customer_tickets(actor: User, ticket: Ticket, *, limit: int = 6) -> list[Ticket]:
    """The customer's other tickets the actor sees, newest first (merge targets among them)."""
    qs = visible_to(actor, Ticket.objects.all()).filter(customer_id=ticket.customer_id)
    return list(qs.exclude(pk=ticket.pk).order_by("-created_at")[:limit])


def assignees_for(actor: User) -> list[User]:
    """Who ``actor`` may give a ticket to: their teammates (and themselves), or, for
    supervisors, every active member of staff who can hold a ticket; by team, then name."""
    people = [u for u in active_staff() if u.role in ASSIGNABLE]
    if actor.role not in SUPERVISORS:
        people = [
            u for u in people if u.pk == actor.pk or (actor.team_id and u.team_id == actor.team_id)
        ]
    return sorted(people, key=lambda u: u.team.name if u.team else "")


def escalation_addressees() -> list[tuple[str, str, list[User]]]:
    """Who an escalation to each target may name (optional on the form): (target, label, people)."""
    users = active_staff()
    return [
        (target, str(EscalationTarget(target).label), [u for u in users if u.role in roles])
        for target, roles in ANSWERERS.items()
    ]


# --- the composer -----------------------------------------------------------------------


def script_context(actor: User, ticket: Ticket) -> dict[str, str]:
    """The placeholders the ticket fills: brand, agent, customer, order, product, promised time."""
    product = ticket.order_item.product.name if ticket.order_item_id else ""
    eta = ""
    if ticket.promised_resolution_at:
        eta = timezone.localtime(ticket.promised_resolution_at).strftime("%m-%d %H:%M")
    return {
        "brand": settings.KEFU_BRAND,
        "agent_name": actor.display_name,
        "customer_name": ticket.customer.name,
        "order_number": ticket.order.number if ticket.order_id else "",
        "product": product,
        "eta": eta,
    }


@dataclass(frozen=True)
class ComposerScript:
    script: Script
    text: str
    unfilled: list[str]


def composer_scripts(actor: User, ticket: Ticket, language: str) -> list[tuple[str, list[Any]]]:
    """The script library by scene (N-02), each rendered for this ticket; unfilled
    placeholders stay visible as ``{reason}`` for the agent to complete."""
    if not allowed(actor, "ticket.view", ticket):
        return []
    context = script_context(actor, ticket)
    by_scene: dict[str, list[ComposerScript]] = {}
    for row in scripts_for(COMPOSER_SCENES, language):
        text = render_script(row, context)
        by_scene.setdefault(row.scene, []).append(
            ComposerScript(row, text, unfilled_placeholders(text))
        )
    return [(scene, by_scene[scene]) for scene in COMPOSER_SCENES if scene in by_scene]


def customer_emotion(ticket: Ticket, messages: list[TicketMessage] | None = None) -> Emotion:
    """The emotion of the customer's latest words: their last message, else the ticket (G-03).
    ``messages``: all the ticket's messages, oldest first, when the caller has them."""
    if messages is None:
        last = ticket.messages.filter(direction=Direction.INBOUND).order_by("-created_at", "-pk")
        body = last.values_list("body", flat=True).first()
    else:
        body = next((m.body for m in reversed(messages) if m.direction == Direction.INBOUND), None)
    return classify(body if body is not None else f"{ticket.description}\n{ticket.demand}")
