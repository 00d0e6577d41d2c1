"""Each action of the ticket page: the form that parses it and the one service it calls.

A table, so the page, its buttons and the tests agree on one list of what can be done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.tickets import queries, services
from kefu.tickets.forms import (
    AnswerForm,
    AssignForm,
    AttachForm,
    CategorizeForm,
    ChoiceForm,
    CloseForm,
    ConfirmForm,
    DelayForm,
    DiagnoseForm,
    EscalateForm,
    MergeForm,
    OfferForm,
    PriorityForm,
    ProgressForm,
    PromiseForm,
    ReopenForm,
    ReplyForm,
    ResolveForm,
    TicketForm,
    fen,
)
from kefu.tickets.models import Ticket

Call = Callable[[User, Ticket, Any], object]


@dataclass(frozen=True)
class Action:
    form: type[TicketForm]
    call: Call
    done: Promise
    anchor: str = ""


def _user(pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise InvalidInput("unknown_user", _("No such person."), {field: _("Not found.")})
    return found


def _assign(actor: User, ticket: Ticket, f: AssignForm) -> object:
    d = f.cleaned_data
    return services.assign_ticket(
        actor=actor, ticket=ticket, assignee=_user(d["assignee"], "assignee"), version=d["version"]
    )


def _reply(actor: User, ticket: Ticket, f: ReplyForm) -> object:
    d = f.cleaned_data
    if d["mode"] == "customer":
        return services.record_customer_message(actor=actor, ticket=ticket, body=d["body"])
    return services.reply_to_ticket(
        actor=actor, ticket=ticket, body=d["body"], internal=d["mode"] == "internal"
    )


def _delay(actor: User, ticket: Ticket, f: DelayForm) -> object:
    d = f.cleaned_data
    notice = services.DelayNotice(
        reason=d["reason"],
        until=d["until"],
        compensation_fen=fen(d["compensation"]),
        compensation_note=d["compensation_note"],
    )
    return services.announce_delay(actor=actor, ticket=ticket, notice=notice)


def _answer(actor: User, ticket: Ticket, f: AnswerForm) -> object:
    escalation = queries.escalation_for(actor, ticket, f.cleaned_data["escalation_id"])
    return services.answer_escalation(
        actor=actor, escalation=escalation, answer=f.cleaned_data["answer"]
    )


def _merge(actor: User, ticket: Ticket, f: MergeForm) -> object:
    keep = queries.ticket_detail(actor, f.cleaned_data["into"])
    return services.merge_tickets(
        actor=actor, duplicate=ticket, keep=keep, version=f.cleaned_data["version"]
    )


def _v(f: TicketForm) -> Any:
    return f.cleaned_data.get("version")


ACTIONS: dict[str, Action] = {
    "assign": Action(AssignForm, _assign, _("The ticket was assigned.")),
    "diagnose": Action(
        DiagnoseForm,
        lambda a, t, f: services.start_diagnosis(actor=a, ticket=t, version=_v(f)),
        _("Diagnosis started; the customer is told."),
    ),
    "categorize": Action(
        CategorizeForm,
        lambda a, t, f: services.categorize_ticket(
            actor=a,
            ticket=t,
            category=f.cleaned_data["category"],
            subtype=f.cleaned_data["subtype"],
            version=_v(f),
        ),
        _("The category was saved."),
    ),
    "prioritize": Action(
        PriorityForm,
        lambda a, t, f: services.set_priority(
            actor=a,
            ticket=t,
            urgent=f.cleaned_data["urgent"],
            important=f.cleaned_data["important"],
            version=_v(f),
        ),
        _("The priority was saved."),
    ),
    "offer": Action(
        OfferForm,
        lambda a, t, f: services.offer_solutions(
            actor=a, ticket=t, options=f.options(), version=_v(f)
        ),
        _("The options were offered; the customer is told."),
        "solutions",
    ),
    "choose": Action(
        ChoiceForm,
        lambda a, t, f: services.record_customer_choice(
            actor=a, ticket=t, solution_id=f.cleaned_data["solution_id"], version=_v(f)
        ),
        _("The customer's choice was recorded."),
        "solutions",
    ),
    "progress": Action(
        ProgressForm,
        lambda a, t, f: services.record_solution_progress(
            actor=a,
            ticket=t,
            solution_id=f.cleaned_data["solution_id"],
            step=f.cleaned_data["step"],
        ),
        _("The step was recorded; the customer is told."),
        "solutions",
    ),
    "promise": Action(
        PromiseForm,
        lambda a, t, f: services.promise_resolution(
            actor=a, ticket=t, until=f.cleaned_data["until"]
        ),
        _("The resolution time was promised."),
    ),
    "delay": Action(DelayForm, _delay, _("The delay was announced to the customer.")),
    "escalate": Action(
        EscalateForm,
        lambda a, t, f: services.escalate_ticket(
            actor=a,
            ticket=t,
            target=f.cleaned_data["target"],
            reason=f.cleaned_data["reason"],
            to_user=_user(f.cleaned_data["to_user"], "to_user"),
        ),
        _("The ticket was escalated."),
        "escalations",
    ),
    "answer": Action(AnswerForm, _answer, _("The escalation was answered."), "escalations"),
    "resolve": Action(
        ResolveForm,
        lambda a, t, f: services.resolve_ticket(
            actor=a, ticket=t, resolution=f.cleaned_data["resolution"], version=_v(f)
        ),
        _("The ticket was resolved; the customer is told."),
    ),
    "confirm": Action(
        ConfirmForm,
        lambda a, t, f: services.confirm_satisfaction(
            actor=a, ticket=t, satisfied=f.answer(), note=f.cleaned_data["note"]
        ),
        _("The customer's answer was recorded."),
    ),
    "close": Action(
        CloseForm,
        lambda a, t, f: services.close_ticket(actor=a, ticket=t, version=_v(f)),
        _("The ticket was closed."),
    ),
    "reopen": Action(
        ReopenForm,
        lambda a, t, f: services.reopen_ticket(
            actor=a, ticket=t, reason=f.cleaned_data["reason"], version=_v(f)
        ),
        _("The ticket was reopened."),
    ),
    "merge": Action(MergeForm, _merge, _("The ticket was merged.")),
    "reply": Action(ReplyForm, _reply, _("Saved on the ticket."), "timeline"),
    "attach": Action(
        AttachForm,
        lambda a, t, f: services.add_attachment(actor=a, ticket=t, upload=f.cleaned_data["file"]),
        _("The file was attached."),
        "attachments",
    ),
}
