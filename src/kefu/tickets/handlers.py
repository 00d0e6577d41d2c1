"""Ticket events → the customer's progress notices (进度反馈, A-07) and the 360 timeline labels.

每完成一个环节需通过短信/电话告知客户 (000 §三(三)): received, diagnosing, each step of the
remedy, a delay, the options offered, done. SMS to the customer's mobile, else email.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.catalog.models import Product
from kefu.core.models import Event, Role, User
from kefu.core.permissions import SUPERVISORS
from kefu.notify.services import notify
from kefu.quality.scores import record_conversation_score
from kefu.quality.scoring import Conversation, Due, Turn
from kefu.search.registry import Document, register_provider
from kefu.search.services import index_documents, remove_document
from kefu.search.text import register_vocabulary
from kefu.sla.models import Deadline
from kefu.tickets.models import (
    Delay,
    Direction,
    Escalation,
    EscalationTarget,
    SolutionKind,
    Ticket,
    TicketMessage,
    step_label,
)
from kefu.tickets.services.deadlines import PROMISED_RESOLUTION

LANGUAGE = "zh-hans"
# Steps of the ticket itself; remedy steps are named by ``step_label``.
TICKET_STEPS = {"diagnosing": gettext_lazy("We are looking into your problem")}


def _local(at: datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _duration(seconds: float) -> str:
    """``1天``, ``3小时``, ``1天4小时`` — how much longer, as the delay script says it."""
    hours = round(seconds / 3600)
    days, hours = divmod(max(hours, 1), 24)
    parts = []
    if days:
        parts.append(_("%(n)s days") % {"n": days} if days > 1 else _("1 day"))
    if hours:
        parts.append(_("%(n)s hours") % {"n": hours} if hours > 1 else _("1 hour"))
    return "".join(parts) if translation.get_language() != "en" else " ".join(parts)


def _yuan(fen: int) -> str:
    return f"{fen // 100}" if fen % 100 == 0 else f"{fen / 100:.2f}"


def _delay_context(payload: dict[str, Any]) -> dict[str, str]:
    delay = Delay.objects.filter(pk=payload.get("delay_id")).first()
    if delay is None:
        return {}
    compensation = delay.compensation_note
    if not compensation and delay.compensation_fen:
        compensation = _("a %(yuan)s yuan coupon") % {"yuan": _yuan(delay.compensation_fen)}
    return {
        "reason": delay.reason,
        "extra": _duration((delay.new_due_at - delay.previous_due_at).total_seconds()),
        "compensation": compensation,
        "eta": _local(delay.new_due_at),
    }


def _solutions_text(payload: dict[str, Any]) -> str:
    names = []
    for option in payload.get("solutions", []):
        name = str(SolutionKind(option["kind"]).label)
        if option.get("amount_fen"):
            name += _(" (%(yuan)s yuan)") % {"yuan": _yuan(int(option["amount_fen"]))}
        names.append(name)
    return _(" or ").join(names)


def _step_label(payload: dict[str, Any]) -> str:
    step = str(payload.get("step", ""))
    if step in TICKET_STEPS:
        return str(TICKET_STEPS[step])
    return step_label(str(payload.get("kind", "")), step) if step else ""


def _escalation_eta(payload: dict[str, Any]) -> str:
    row = Deadline.objects.filter(
        subject_type=Escalation._meta.label_lower, subject_id=str(payload.get("escalation_id"))
    ).first()
    return _local(row.due_at) if row else ""


def context(ticket: Ticket, event: Event) -> dict[str, str]:
    """The placeholders of the ticket templates, in the customer's language."""
    payload = event.payload
    values = {
        "ticket_number": ticket.number,
        "customer_name": ticket.customer.name,
        "agent_name": ticket.assignee.display_name if ticket.assignee else "",
        "step": str(payload.get("step", "")),
        "step_label": _step_label(payload),
        "eta": _local(ticket.promised_resolution_at),
        "reason": "",
        "extra": "",
        "compensation": "",
        "solution": _solutions_text(payload),
        "brand": settings.KEFU_BRAND,
    }
    if event.name == "ticket.delayed":
        values.update(_delay_context(payload))
    if event.name == "ticket.escalated":
        values["eta"] = _escalation_eta(payload)
    return values


def tell_customer(event: Event) -> None:
    """Queue the notice of ``event`` to the ticket's customer: SMS if they have a mobile
    number, else email; nothing when they have neither. Implements A-07."""
    if event.name == "ticket.escalated" and event.payload.get("target") not in CUSTOMER_FACING:
        return  # a hand-over to the engineers is internal; 反馈给主管 is what the customer hears
    ticket = (
        Ticket.objects.select_related("customer", "assignee").filter(pk=event.subject_id).first()
    )
    if ticket is None:
        return
    customer = ticket.customer
    channel, recipient = ("sms", customer.phone) if customer.phone else ("email", customer.email)
    if not recipient:
        return
    with translation.override(LANGUAGE):
        values = context(ticket, event)
    notify(
        event=event,
        channel=channel,
        recipient=recipient,
        template_event=event.name,
        language=LANGUAGE,
        context=values,
        customer_id=customer.pk,
    )


# Escalations the customer is told about (003 §3.2 场景三: 我会立即将您的情况反馈给主管).
CUSTOMER_FACING = frozenset({"supervisor", "manager"})
NOTICES = (
    "ticket.received",
    "ticket.progress",
    "ticket.delayed",
    "ticket.solution_offered",
    "ticket.resolved",
    "ticket.escalated",
)
HANDLERS: dict[str, Any] = dict.fromkeys(NOTICES, tell_customer)


TIMELINE_LABELS = {
    "ticket.received": gettext_lazy("Ticket %(number)s received"),
    "ticket.progress": gettext_lazy("Ticket %(number)s progress: %(step)s"),
    "ticket.delayed": gettext_lazy("Ticket %(number)s delayed"),
    "ticket.solution_offered": gettext_lazy("Solutions offered on ticket %(number)s"),
    "ticket.solution_chosen": gettext_lazy("Solution chosen on ticket %(number)s"),
    "ticket.resolved": gettext_lazy("Ticket %(number)s resolved"),
    "ticket.closed": gettext_lazy("Ticket %(number)s closed"),
    "ticket.reopened": gettext_lazy("Ticket %(number)s reopened"),
    "ticket.escalated": gettext_lazy("Ticket %(number)s escalated"),
    "ticket.merged": gettext_lazy("Ticket %(number)s merged into %(into)s"),
    "ticket.satisfaction_recorded": gettext_lazy("Satisfaction asked on ticket %(number)s"),
}


def _register_timeline_labels() -> None:
    from kefu.customers.timeline import register_timeline_label

    for name, label in TIMELINE_LABELS.items():
        register_timeline_label(name, label)


_register_timeline_labels()


# --- search: the ticket's words and who may find it (kefu.search) -----------------------

SEARCH_KIND = "ticket"
MESSAGES_INDEXED = 50  # the newest messages whose words find the ticket
# Events after which the ticket's words or its finders may differ.
SEARCH_EVENTS = (
    "ticket.received",
    "ticket.replied",
    "ticket.customer_wrote",
    "ticket.assigned",
    "ticket.escalated",
    "ticket.categorized",
    "ticket.prioritized",
    "ticket.merged",
)


# What a reindex reads of a ticket, and the mark its link is made from.
URL_MARK = "T0000000000"


class SearchedTicket(NamedTuple):
    """What a reindex reads of a ticket, as plain values (model instances cost most of a
    reindex); the names are the ticket's own, so a Ticket serves where this does."""

    pk: int
    number: str
    description: str
    demand: str
    team_id: int | None
    assignee_id: int | None
    customer_name: str
    order_number: str | None


SEARCHED_FIELDS = (*SearchedTicket._fields[:-2], "customer__name", "order__number")


def ticket_url(number: str) -> str:
    try:
        return reverse("tickets:detail", args=[number])
    except NoReverseMatch:  # until the workspace page exists, the API's view of it
        return f"/api/v1/tickets/{number}"


def ticket_search_keys(ticket: Ticket | SearchedTicket, escalations: list[Escalation]) -> list[str]:
    """Who finds the ticket, as ``ticket_q`` says: its team, its assignee, tech support when
    escalated to them, and the user it was escalated to."""
    keys = [f"team:{ticket.team_id}"] if ticket.team_id else []
    if ticket.assignee_id:
        keys.append(f"assignee:{ticket.assignee_id}")
    for escalation in escalations:
        if escalation.target == EscalationTarget.TECH_SUPPORT:
            keys.append("tech")
        if escalation.to_user_id:
            keys.append(f"escalated_to:{escalation.to_user_id}")
    return keys


def _search_document(
    ticket: Ticket | SearchedTicket,
    messages: list[tuple[datetime, str]],
    escalations: list[Escalation],
    url: str | None = None,
) -> Document:
    newest = sorted(messages, key=lambda m: m[0], reverse=True)[:MESSAGES_INDEXED]
    return Document(
        kind=SEARCH_KIND,
        object_id=ticket.pk,
        title=f"{ticket.number} {ticket.customer_name}",
        body="\n".join(t for t in (ticket.description, ticket.demand) if t),
        url=ticket_url(ticket.number) if url is None else url,
        hidden="\n".join(body for _at, body in newest),
        terms=[ticket.number, *([ticket.order_number] if ticket.order_number else [])],
        keys=ticket_search_keys(ticket, escalations),
    )


def ticket_search_document(ticket: Ticket) -> Document:
    """The ticket as search shows and finds it: number, customer, problem, demand, messages."""
    messages = [(m.created_at, m.body) for m in ticket.messages.all()]
    return _search_document(ticket, messages, list(ticket.escalations.all()))


def ticket_search_documents(after: int = 0) -> Iterator[Document]:
    """Every ticket past id ``after``, oldest first (``kefu manage reindex``): read a thousand
    at a time, messages and escalations as plain rows (model instances cost most of a reindex)."""
    rows = Ticket.objects.order_by("pk").values_list(*SEARCHED_FIELDS)
    url = ticket_url(URL_MARK)  # one reverse() for all: it costs more than the tokens
    while chunk := [SearchedTicket(*r) for r in rows.filter(pk__gt=after)[:1000]]:
        span = {"ticket_id__gte": chunk[0].pk, "ticket_id__lte": chunk[-1].pk}
        messages: dict[int, list[tuple[datetime, str]]] = {}
        for ticket_id, at, body in TicketMessage.objects.filter(**span).values_list(
            "ticket_id", "created_at", "body"
        ):
            messages.setdefault(ticket_id, []).append((at, body))
        escalations: dict[int, list[Escalation]] = {}
        for escalation in Escalation.objects.filter(**span).only(
            "ticket_id", "target", "to_user_id"
        ):
            escalations.setdefault(escalation.ticket_id, []).append(escalation)
        for ticket in chunk:
            yield _search_document(
                ticket,
                messages.get(ticket.pk, []),
                escalations.get(ticket.pk, []),
                url.replace(URL_MARK, ticket.number),
            )
        after = chunk[-1].pk


def ticket_search_scope(actor: User) -> list[str] | None:
    """The keys ``actor`` holds: all for supervisors; tech support their own and escalated
    ones; agents their own and their team's (``ticket_q``)."""
    if actor.role in SUPERVISORS:
        return None
    keys = [f"assignee:{actor.pk}"]
    if actor.role == Role.TECH_SUPPORT:
        return [*keys, "tech", f"escalated_to:{actor.pk}"]
    return [*keys, f"team:{actor.team_id}"] if actor.team_id else keys


def index_ticket(event: Event) -> None:
    """Re-index the event's ticket."""
    ticket = (
        Ticket.objects.select_related("customer", "order")
        .prefetch_related("messages", "escalations")
        .filter(pk=event.subject_id)
        .first()
    )
    if ticket is None:
        remove_document(kind=SEARCH_KIND, object_id=int(event.subject_id))
        return
    index_documents([ticket_search_document(ticket)])


def index_customer_tickets(event: Event) -> None:
    """A renamed customer: their tickets show the new name."""
    if "name" not in event.payload.get("fields", []):
        return
    rows = Ticket.objects.filter(customer_id=event.customer_id or event.subject_id)
    rows = rows.select_related("customer", "order").prefetch_related("messages", "escalations")
    index_documents(ticket_search_document(t) for t in rows.order_by("-pk")[:1000])


def score_closed_ticket(event: Event) -> None:
    """质检评分 (G-04): the closed ticket's messages, deadlines and steps go to quality's score."""
    ticket = Ticket.objects.select_related("assignee", "team").filter(pk=event.subject_id).first()
    if ticket is None or ticket.closed_at is None:
        return
    ref = {"subject_type": "tickets.ticket", "subject_id": str(ticket.pk)}
    dues = [
        Due(d.kind, d.due_at, d.met_at, promise=d.kind == PROMISED_RESOLUTION)
        for d in Deadline.objects.filter(**ref, cancelled_at__isnull=True)
    ]
    turns = [
        Turn(m.direction == Direction.OUTBOUND, m.body, m.created_at) for m in ticket.messages.all()
    ]
    diagnosed = Event.objects.filter(name="ticket.progress", payload__step="diagnosing", **ref)
    conversation = Conversation(
        turns,
        ticket.closed_at,
        dues,
        diagnosed.exists(),
        ticket.solutions.count(),
        bool(ticket.satisfaction_confirmed),
    )
    record_conversation_score(
        subject=ticket,
        label=ticket.number,
        agent=ticket.assignee,
        team=ticket.team,
        conversation=conversation,
    )


for _name, _handler in [
    *((n, index_ticket) for n in SEARCH_EVENTS),
    ("customer.updated", index_customer_tickets),
    ("ticket.closed", score_closed_ticket),
]:
    _existing = HANDLERS.get(_name, [])
    HANDLERS[_name] = [*(_existing if isinstance(_existing, list) else [_existing]), _handler]
register_provider(
    SEARCH_KIND,
    label=gettext_lazy("Tickets"),
    documents=ticket_search_documents,
    scope=ticket_search_scope,
)
# Product names are words of the tokenizer's dictionary (catalog is below search's callers).
register_vocabulary(lambda: Product.objects.values_list("name", flat=True))
