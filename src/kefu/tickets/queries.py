"""Shared reads of the tickets app, scoped by ``visible_to``: the queue, one ticket, its
timeline, diagnosis, buttons and six steps. Pages and the API read through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kefu.catalog.models import Order, OrderItem, Product
from kefu.catalog.services import Verdict, policy_verdict
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.models import Event, Team, User
from kefu.core.permissions import SUPERVISORS, allowed, require, visible_to
from kefu.tickets.guides import ROUTES, Route, SubtypeGuide, guide_for
from kefu.tickets.models import (
    Attachment,
    Category,
    Delay,
    Escalation,
    Solution,
    Status,
    Ticket,
)
from kefu.tickets.permissions import may_answer, sees_ticket
from kefu.tickets.services.deadlines import PROMISED_RESOLUTION, open_deadline
from kefu.tickets.workflow import SIX_STEPS, STEP_OF_STATE, WORKFLOW

# Soonest deadline first, matched by the partial (…, queue_due_at, id) indexes of open
# tickets; closed ones (queue_due_at NULL) come last in listings that include them.
QUEUE_ORDER = (F("queue_due_at").asc(nulls_last=True), "id")
OPEN_QUEUE_ORDER = ("queue_due_at", "id")
RELATED = ("customer", "assignee", "team", "order", "order_item__product")
# A queue row shows no product: two joins fewer halve PostgreSQL's planning time per page.
QUEUE_RELATED = ("customer", "assignee", "team", "order")


# --- the queue --------------------------------------------------------------------------


def queue_cursor(ticket: Ticket) -> str:
    """The position after ``ticket`` in the queue, for ``ticket_queue(after=...)``."""
    due = ticket.queue_due_at.isoformat() if ticket.queue_due_at else "-"
    return f"{due}|{ticket.pk}"


def _after(cursor: str) -> Q:
    try:
        due_text, pk_text = cursor.rsplit("|", 1)
        pk = int(pk_text)
        due = None if due_text == "-" else datetime.fromisoformat(due_text)
    except ValueError:
        raise InvalidInput(
            "invalid_cursor", _("The page position is not valid."), {"after": _("invalid")}
        ) from None
    if due is None:
        return Q(queue_due_at__isnull=True, id__gt=pk)
    return Q(queue_due_at__gt=due) | Q(queue_due_at=due, id__gt=pk) | Q(queue_due_at__isnull=True)


def _status_filter(status: str | None) -> Q:
    if status is None or status == "open":
        return Q(queue_due_at__isnull=False)  # open tickets, as the partial indexes say
    if status == "all":
        return Q()
    if status not in Status.values:
        raise InvalidInput("invalid_status", _("Unknown status."), {"status": _("invalid")})
    return Q(status=status)


def _scoped(actor: User, *, team: Team | int | None, mine: bool) -> QuerySet[Ticket]:
    """The tickets ``actor`` may see. When the queue's own filter keeps only tickets they see
    anyway (their team's, their own), it is all tickets: the visibility OR repeated beside the
    filter would hide the (team|assignee, queue_due_at, id) index order from the planner."""
    team_id = team.pk if isinstance(team, Team) else team
    probe = Ticket(team_id=team_id) if team_id is not None else None
    if probe is None and mine:
        probe = Ticket(assignee_id=actor.pk)
    if probe is not None and actor.is_active and sees_ticket(actor, probe):
        return Ticket.objects.all()
    return visible_to(actor, Ticket.objects.all())


def ticket_queue(
    actor: User,
    *,
    mine: bool = False,
    team: Team | int | None = None,
    unassigned: bool = False,
    breaching_within: timedelta | None = None,
    status: str | None = None,
    category: str | None = None,
    after: str | None = None,
) -> QuerySet[Ticket]:
    """The tickets ``actor`` may see, soonest deadline first (then by id).

    ``status`` None or ``"open"`` means every open state, ``"all"`` every state;
    ``breaching_within`` keeps tickets whose next deadline falls within that time from now
    (overdue ones included); ``after`` is a ``queue_cursor`` for keyset paging. Page the
    result with ``kefu.core.pagination.page``.
    """
    qs = _scoped(actor, team=team, mine=mine).filter(_status_filter(status))
    if mine:
        qs = qs.filter(assignee=actor)
    if team is not None:
        qs = qs.filter(team_id=team.pk if isinstance(team, Team) else team)
    if unassigned:
        qs = qs.filter(assignee__isnull=True)
    if breaching_within is not None:
        qs = qs.filter(queue_due_at__lte=timezone.now() + breaching_within)
    if category:
        if category not in Category.values:
            raise InvalidInput(
                "invalid_category", _("Unknown category."), {"category": _("invalid")}
            )
        qs = qs.filter(category=category)
    if after:
        qs = qs.filter(_after(after))
    order = OPEN_QUEUE_ORDER if status in (None, "open") else QUEUE_ORDER
    return qs.select_related(*QUEUE_RELATED).order_by(*order)


COUNT_CAP = 1000


def queue_count(actor: User, *, cap: int = COUNT_CAP, **filters: Any) -> tuple[int, bool]:
    """How many tickets ``ticket_queue(actor, **filters)`` holds, counted no further than
    ``cap``: ``(count, True)`` means "cap or more" (show "1000+"). A page can show it without
    counting the whole table: the count reads at most ``cap + 1`` index entries."""
    qs = ticket_queue(actor, **filters).select_related(None).order_by()
    counted = qs.values("pk")[: cap + 1].count()
    return min(counted, cap), counted > cap


# --- one ticket -------------------------------------------------------------------------


def ticket_detail(actor: User, number: str) -> Ticket:
    """The ticket numbered ``number`` if ``actor`` may see it; 404 otherwise (existence is
    not told)."""
    row = (
        visible_to(actor, Ticket.objects.all())
        .select_related(*RELATED, "merged_into")
        .filter(number=str(number).strip().upper())
        .first()
    )
    if row is None:
        raise NotFound("ticket_not_found", _("No such ticket."))
    return row


def ticket_page(actor: User, number: str) -> Ticket:
    """``ticket_detail`` with what the ticket's page shows: its creator and merge target, and
    its own lists (solutions, escalations, attachments, delays). The ticket's row says which
    lists have rows (an EXISTS each, in the same SELECT); only those are read."""
    qs = visible_to(actor, Ticket.objects.all()).select_related(
        *RELATED, "merged_into", "created_by"
    )
    flags = {
        f"has_{name}": Exists(model.objects.filter(ticket=OuterRef("pk")))
        for name, model in _LISTS.items()
    }
    row = qs.annotate(**flags).filter(number=str(number).strip().upper()).first()
    if row is None:
        raise NotFound("ticket_not_found", _("No such ticket."))
    known_empty(row, [name for name in _LISTS if not getattr(row, f"has_{name}")])
    return with_lists(row)


_LISTS: dict[str, type[Model]] = {
    "solutions": Solution,
    "escalations": Escalation,
    "attachments": Attachment,
    "delays": Delay,
}


def with_lists(ticket: Ticket) -> Ticket:
    """Read the ticket's lists, with the people they name, unless already read (or known
    empty): the timeline, the buttons, the panels and the API answer share them."""
    prefetch_related_objects(
        [ticket],
        Prefetch(
            "solutions", Solution.objects.select_related("offered_by").order_by("offered_at", "pk")
        ),
        Prefetch(
            "escalations",
            Escalation.objects.select_related("created_by", "answered_by", "to_user").order_by(
                "created_at", "pk"
            ),
        ),
        Prefetch(
            "attachments",
            Attachment.objects.select_related("uploaded_by").order_by("created_at", "pk"),
        ),
        Prefetch("delays", Delay.objects.select_related("created_by").order_by("created_at", "pk")),
    )
    return ticket


def known_empty(ticket: Ticket, names: list[str]) -> None:
    """Mark lists of ``ticket`` as read and empty, as ``prefetch_related`` would leave them
    (a ticket just opened has no solutions; the page's row said there are none)."""
    cache = ticket.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in names:
        rows = _LISTS[name].objects.none()
        rows._result_cache, rows._prefetch_done = [], True  # type: ignore[attr-defined]
        cache[name] = rows


def attachment_for(actor: User, attachment_id: int, *, number: str | None = None) -> Attachment:
    """An attachment of a ticket ``actor`` may see (of ticket ``number`` when given); 404
    otherwise."""
    qs = visible_to(actor, Attachment.objects.all()).select_related("ticket")
    if number is not None:
        qs = qs.filter(ticket__number=number)
    row = qs.filter(pk=attachment_id).first()
    if row is None:
        raise NotFound("attachment_not_found", _("No such attachment."))
    return row


def escalation_for(actor: User, ticket: Ticket, escalation_id: int) -> Escalation:
    require(actor, "ticket.view", ticket)
    row = ticket.escalations.select_related("ticket").filter(pk=escalation_id).first()
    if row is None:
        raise NotFound("escalation_not_found", _("No such escalation on this ticket."))
    return row


def solution_guide(ticket: Ticket) -> SubtypeGuide | None:
    """The 见招拆招 guide shown with the ticket (seed 002), by its sub-type."""
    return guide_for(ticket.subtype)


# --- diagnosis (A-04) -------------------------------------------------------------------


@dataclass(frozen=True)
class ItemVerdict:
    item: OrderItem
    verdict: Verdict


@dataclass(frozen=True)
class Diagnosis:
    """第一步：核实信息 — the order, product, dates and policy; 第二步：分析原因 — the routes."""

    order: Order | None
    item: OrderItem | None
    product: Product | None
    purchased_on: date | None
    delivered_on: date | None
    verdict: Verdict | None
    items: list[ItemVerdict]
    routes: tuple[Route, ...]
    guide: SubtypeGuide | None


def diagnosis(actor: User, ticket: Ticket) -> Diagnosis:
    """What the agent verifies before proposing anything (000 §三(二) 诊断与解决流程).

    The policy is judged on the day the customer reported the problem. Quality problems are
    routed to the warehouse/tech support, usage problems to tutorials. Implements A-04.
    """
    require(actor, "ticket.view", ticket)
    order = ticket.order
    reported_on = timezone.localdate(ticket.created_at)
    if order is not None:
        items_query = OrderItem.objects.select_related("product__category")
        prefetch_related_objects([order], Prefetch("items", items_query))
    items = [
        ItemVerdict(i, policy_verdict(i, reported_on)) for i in (order.items.all() if order else [])
    ]
    mine = next((iv for iv in items if iv.item.pk == ticket.order_item_id), None)
    return Diagnosis(
        order=order,
        item=mine.item if mine else None,
        product=mine.item.product if mine else None,
        purchased_on=timezone.localdate(order.purchased_at) if order else None,
        delivered_on=order.delivered_on if order else None,
        verdict=mine.verdict if mine else None,
        items=items,
        routes=ROUTES.get(ticket.category, ()),
        guide=guide_for(ticket.subtype),
    )


# --- timeline, buttons, steps ------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a ticket's history: ``kind`` is message, event, solution, escalation,
    attachment or delay; ``row`` is the record itself."""

    at: datetime
    kind: str
    row: Any


def ticket_timeline(actor: User, ticket: Ticket, *, limit: int = 500) -> list[TimelineEntry]:
    """Messages, events, solutions, escalations, attachments and delays, oldest first."""
    require(actor, "ticket.view", ticket)
    events = Event.objects.filter(
        subject_type=Ticket._meta.label_lower, subject_id=str(ticket.pk)
    ).select_related("actor")
    with_lists(ticket)
    sources: list[tuple[str, Any, str]] = [
        (
            "message",
            ticket.messages.select_related("author").order_by("created_at", "pk"),
            "created_at",
        ),
        ("event", events.order_by("created_at", "pk"), "created_at"),
        ("solution", ticket.solutions.all(), "offered_at"),
        ("escalation", ticket.escalations.all(), "created_at"),
        ("attachment", ticket.attachments.all(), "created_at"),
        ("delay", ticket.delays.all(), "created_at"),
    ]
    entries = [
        TimelineEntry(getattr(row, field), kind, row)
        for kind, rows, field in sources
        for row in rows[:limit]
    ]
    entries.sort(key=lambda e: e.at)
    return entries[:limit]


def allowed_actions(actor: User, ticket: Ticket) -> list[str]:
    """The actions ``actor`` may take on ``ticket`` now (for its buttons), from the state table
    and the ticket's facts (e.g. "close" only after satisfaction was asked)."""
    if not allowed(actor, "ticket.view", ticket):
        return []
    actions = WORKFLOW.allowed_actions(ticket.status, actor)
    statuses = {s.status for s in ticket.solutions.all()}  # prefetched by detail_data
    # A promise always sets promised_resolution_at: without one there is nothing to look up.
    promised = (
        ticket.promised_resolution_at is not None
        and open_deadline(ticket, [PROMISED_RESOLUTION]) is not None
    )
    hidden = {
        "close": ticket.satisfaction_asked_at is None
        or (ticket.satisfaction_confirmed is False and actor.role not in SUPERVISORS),
        "choose": Solution.Status.OFFERED not in statuses,
        "progress": Solution.Status.CHOSEN not in statuses,
        "resolve": Solution.Status.CHOSEN in statuses,
        "promise": promised,
        "delay": not promised,
    }
    return [a for a in actions if not hidden.get(a, False)]


def answerable_escalations(actor: User, ticket: Ticket) -> list[Escalation]:
    """The ticket's unanswered escalations ``actor`` may answer."""
    return [e for e in ticket.escalations.all() if e.answered_at is None and may_answer(actor, e)]


@dataclass(frozen=True)
class StepState:
    code: str
    label: Promise
    script: Promise
    state: str  # done, current, todo, or skipped (passed without happening)


def _current_step(ticket: Ticket) -> str | None:
    if ticket.status == Status.CLOSED:
        return None
    if ticket.status == Status.RESOLVED and ticket.satisfaction_asked_at is not None:
        return "close"
    return STEP_OF_STATE[ticket.status]


def six_steps(ticket: Ticket) -> list[StepState]:
    """服务流程六步法 (003 §3.1) on this ticket: which steps are done, current, still to do —
    or skipped (a usage question resolved without a remedy; a merged duplicate).
    Implements A-08."""
    codes = [s.code for s in SIX_STEPS]
    if ticket.status == Status.MERGED:
        states = {c: "skipped" for c in codes}
        states["close"] = "done"
        if ticket.first_responded_at is not None:
            states["greet"] = "done"
    else:
        current = _current_step(ticket)
        index = codes.index(current) if current else len(codes)
        states = {
            c: "done" if i < index else "current" if i == index else "todo"
            for i, c in enumerate(codes)
        }
        if index > codes.index("execute"):
            statuses = {s.status for s in ticket.solutions.all()}
            if not statuses:
                states["offer"] = "skipped"
            if not statuses & {Solution.Status.CHOSEN, Solution.Status.COMPLETED}:
                states["execute"] = "skipped"
    return [StepState(s.code, s.label, s.script, states[s.code]) for s in SIX_STEPS]
