"""The ticket page (工单): header and six steps, customer, order and verdict, guide, timeline,
deadlines, solutions, escalations, notices, the composer — and one POST per action.

A refused action comes back on the same page with its form open and the service's message in
place (403, 404, 409 or 422), never a 500 and never a half-written change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import DomainError
from kefu.core.permissions import allowed
from kefu.customers.masking import masked_values, revealable_fields
from kefu.customers.models import Customer
from kefu.knowledge.queries import suggest_articles
from kefu.quality.checker import check_opening, check_reply
from kefu.quality.models import PhraseCategory
from kefu.tickets import page_queries, queries, services
from kefu.tickets.forms import ConfirmForm, ReplyForm, TakeForm, TicketForm, ToneForm
from kefu.tickets.models import Category, Escalation, SolutionKind, Ticket
from kefu.tickets.views.actions import ACTIONS
from kefu.tickets.views.common import actor, load

TIMELINE_LIMIT = 200
# Actions whose forms sit in the "next steps" panel, where their refusal is shown.
PANEL_ACTIONS = frozenset(
    {"diagnose", "resolve", "confirm", "close", "reopen", "promise", "delay", "merge"}
)


def _auto_id(action: str) -> str:
    return f"id_{action}_%s"


def _initial(ticket: Ticket, action: str, diagnosis: queries.Diagnosis) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": ticket.version}
    if action == "categorize":
        initial |= {"category": ticket.category, "subtype": ticket.subtype}
    elif action == "prioritize":
        initial |= {"urgent": ticket.urgent, "important": ticket.important}
    elif action == "assign":
        initial["assignee"] = ticket.assignee_id
    elif action == "offer":
        initial |= _suggested_options(diagnosis)
    elif action == "reply":
        initial["mode"] = "reply"
    elif action == "confirm":
        initial["satisfied"] = "yes"
    return initial


def _suggested_options(diagnosis: queries.Diagnosis) -> dict[str, str]:
    """The verdict's remedy first (换货 inside the exchange window), then the guide's."""
    kinds: list[str] = []
    if diagnosis.verdict is not None and diagnosis.verdict.kind in SolutionKind.values:
        kinds.append(diagnosis.verdict.kind)
    if diagnosis.guide is not None:
        kinds += [k for k in diagnosis.guide.suggested_solutions if k not in kinds]
    return {f"kind_{i + 1}": kind for i, kind in enumerate(kinds[:2])}


def _forms(
    ticket: Ticket, diagnosis: queries.Diagnosis, bound: dict[str, TicketForm]
) -> dict[str, TicketForm]:
    forms: dict[str, TicketForm] = {
        name: spec.form(initial=_initial(ticket, name, diagnosis), auto_id=_auto_id(name))
        for name, spec in ACTIONS.items()
    }
    return {**forms, **bound}


def _personal(customer: Customer) -> list[tuple[str, str, str]]:
    labels = {f: Customer._meta.get_field(f).verbose_name for f in revealable_fields()}
    masked = masked_values(customer)
    return [(f, str(labels[f]), masked[f]) for f in revealable_fields() if masked[f]]


def _articles(ticket: Ticket) -> list[Any]:
    """Tutorials for usage problems (A-04 指导客户操作); matched by words only there."""
    if not ticket.category and not ticket.subtype:
        return []
    text = ticket.description if ticket.category == Category.CUSTOMER_USAGE else ""
    return suggest_articles(ticket.category or None, ticket.subtype or None, text, limit=3)


def _messages(timeline: list[queries.TimelineEntry]) -> list[Any] | None:
    """The ticket's messages when the timeline holds all of them (it was not cut short)."""
    if len(timeline) >= TIMELINE_LIMIT:
        return None
    return [e.row for e in timeline if e.kind == "message"]


def _context(
    request: HttpRequest, ticket: Ticket, bound: dict[str, TicketForm] | None = None
) -> dict[str, Any]:
    user = actor(request)
    diagnosis = queries.diagnosis(user, ticket)
    escalations = list(ticket.escalations.all())
    answerable = {e.pk for e in queries.answerable_escalations(user, ticket)}
    timeline = queries.ticket_timeline(user, ticket, limit=TIMELINE_LIMIT)
    failed = next(iter(bound), "") if bound else ""
    forms = _forms(ticket, diagnosis, bound or {})
    actions = set(queries.allowed_actions(user, ticket))
    # A refused form the page no longer shows (the move is not this user's): its message on top.
    shown = actions | ({"answer"} if answerable else set())
    orphan = forms[failed] if failed and failed not in shown else None
    return {
        "ticket": ticket,
        "steps": queries.six_steps(ticket),
        "diagnosis": diagnosis,
        "actions": actions,
        "orphan_form": orphan,
        "forms": forms,
        "failed": "" if orphan else failed,
        "panel_form": forms[failed] if failed in PANEL_ACTIONS and not orphan else None,
        "timeline": timeline,
        "deadlines": page_queries.ticket_deadlines(user, ticket),
        "notices": page_queries.ticket_notices(user, ticket),
        "solutions": list(ticket.solutions.all()),
        "escalations": [(e, e.pk in answerable) for e in escalations],
        "attachments": list(ticket.attachments.all()),
        "other_tickets": page_queries.customer_tickets(user, ticket),
        "assignees": page_queries.assignees_for(user),
        "addressees": page_queries.escalation_addressees(),
        "scripts": page_queries.composer_scripts(user, ticket, get_language() or "zh-hans"),
        "emotion": page_queries.customer_emotion(ticket, _messages(timeline)),
        "articles": _articles(ticket),
        "personal": _personal(ticket.customer),
        "can_reveal": allowed(user, "customer.view_personal", ticket.customer),
        "can_view_customer": allowed(user, "customer.view", ticket.customer),
        "confirm_answers": ConfirmForm.ANSWERS,
        "reply_modes": ReplyForm.MODES,
        "escalation_states": Escalation,
    }


@login_required
@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    """Implements the workspace side of A-01..A-10: everything about one ticket on one page."""
    ticket = load(request, number, page=True)
    return render(request, "tickets/detail.html", _context(request, ticket))


def _done(request: HttpRequest, ticket: Ticket, result: object, anchor: str) -> HttpResponse:
    target = result if isinstance(result, Ticket) and result.pk != ticket.pk else ticket
    url = reverse("tickets:detail", args=[target.number])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One action: parse its form, make its one service call, then back to the ticket; a
    refusal is shown in place with its status and nothing changed."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(action)
    ticket = load(request, number)
    form = spec.form(request.POST, request.FILES, auto_id=_auto_id(action))
    status = 422
    if form.is_valid():
        try:
            result = spec.call(actor(request), ticket, form)
        except DomainError as exc:
            form.show_error(exc)
            status = exc.status
        else:
            messages.success(request, str(spec.done))
            return _done(request, ticket, result, spec.anchor)
    ticket = load(request, number, page=True)
    return render(
        request, "tickets/detail.html", _context(request, ticket, {action: form}), status=status
    )


@login_required
@require_POST
def take(request: HttpRequest, number: str) -> HttpResponse:
    """ "Take" (assign to me) from the queue or the ticket page; on the queue (htmx) the row
    comes back updated, or with the refusal in place."""
    ticket = load(request, number)
    form = TakeForm(request.POST)
    error = ""
    try:
        version = form.cleaned_data["version"] if form.is_valid() else None
        ticket = services.assign_ticket(
            actor=actor(request), ticket=ticket, assignee=actor(request), version=version
        )
    except DomainError as exc:
        error = exc.message
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        else:
            messages.success(request, str(ACTIONS["assign"].done))
        return redirect("tickets:detail", number=ticket.number)
    ticket = load(request, number)
    context = {"row": page_queries.queue_row(actor(request), ticket), "row_error": error}
    # htmx swaps only 2xx answers: a refusal is a row that says so.
    return render(request, "tickets/queue.html#row", context)


@login_required
@require_POST
def tone_check(request: HttpRequest, number: str) -> HttpResponse:
    """The live tone check of the composer (G-01, G-02): findings with their positive
    alternatives; a warning never blocks sending."""
    ticket = load(request, number)
    form = ToneForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    findings = check_reply(body) if body.strip() else []
    labels = dict(PhraseCategory.choices)
    opening = None
    if body.strip() and ticket.first_responded_at is None and request.POST.get("mode") == "reply":
        opening = check_opening(body)
    context = {
        "findings": [(f, labels.get(f.category, f.category)) for f in findings],
        "opening": opening,
        "checked": bool(body.strip()),
    }
    return render(request, "tickets/detail.html#tone", context)
