"""Filters of the ticket pages: time left, money, event labels, a solution's tracking steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.customers.timeline import label_for
from kefu.tickets.models import Solution, SolutionKind, TrackingStep, step_label
from kefu.web.templatetags.kefu import duration

register = template.Library()

# The ticket's own events as its timeline names them (no number: the page is the ticket).
EVENT_LABELS = {
    "ticket.received": gettext_lazy("Received"),
    "ticket.progress": gettext_lazy("Progress"),
    "ticket.solution_offered": gettext_lazy("Solutions offered to the customer"),
    "ticket.solution_chosen": gettext_lazy("The customer chose a solution"),
    "ticket.delayed": gettext_lazy("Delay announced"),
    "ticket.resolved": gettext_lazy("Resolved"),
    "ticket.satisfaction_recorded": gettext_lazy("Satisfaction recorded"),
    "ticket.closed": gettext_lazy("Closed"),
    "ticket.reopened": gettext_lazy("Reopened"),
    "ticket.escalated": gettext_lazy("Escalated"),
    "ticket.merged": gettext_lazy("Merged"),
    "ticket.assigned": gettext_lazy("Assigned"),
    "ticket.categorized": gettext_lazy("Category set"),
    "ticket.prioritized": gettext_lazy("Priority set"),
    "ticket.promised": gettext_lazy("Resolution time promised"),
    "ticket.escalation_answered": gettext_lazy("Escalation answered"),
    "ticket.attachment_added": gettext_lazy("File attached"),
}
# Events whose record shows on the timeline itself (the message, the file): not repeated.
QUIET_EVENTS = frozenset({"ticket.replied", "ticket.customer_wrote", "ticket.attachment_added"})


@register.filter
def time_left(delta: timedelta | None) -> str:
    """``剩 25 分钟`` / ``超时 2 小时 5 分钟``: the next deadline as an agent reads it."""
    if delta is None:
        return "—"
    if delta.total_seconds() < 0:
        return _("%(time)s overdue") % {"time": duration(delta)}
    return _("%(time)s left") % {"time": duration(delta)}


@register.filter
def yuan(fen: int | None) -> str:
    """``20000`` → ``200``; ``1999`` → ``19.99``."""
    if fen is None:
        return ""
    whole, cents = divmod(int(fen), 100)
    return f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"


@register.filter
def event_label(name: str, payload: dict[str, Any] | None = None) -> str:
    if name in EVENT_LABELS:
        return str(EVENT_LABELS[name])
    return label_for(name, payload or {})


@register.filter
def quiet_event(name: str) -> bool:
    return name in QUIET_EVENTS


@register.filter
def progress_step(payload: dict[str, Any]) -> str:
    """The step named in a ``ticket.progress`` event, in words."""
    step, kind = str(payload.get("step", "")), str(payload.get("kind", ""))
    if step == "diagnosing":
        return str(gettext_lazy("Diagnosing"))
    return step_label(kind, step) if step in TrackingStep.values else step


@dataclass(frozen=True)
class StepRow:
    code: str
    label: str
    done_at: datetime | None
    is_next: bool


@register.filter
def tracking(solution: Solution) -> list[StepRow]:
    """The tracking steps of a solution (A-10) in order, each done or not, the next marked."""
    upcoming = solution.next_step if solution.status == Solution.Status.CHOSEN else None
    return [
        StepRow(s, step_label(solution.kind, s), solution.step_done_at(s), s == upcoming)  # type: ignore[arg-type]
        for s in solution.steps
    ]


PRIORITY_CLASSES = {
    1: "text-bg-danger",
    2: "text-bg-warning",
    3: "text-bg-info",
    4: "text-bg-light border",
}
STATUS_CLASSES = {
    "new": "text-bg-primary",
    "diagnosing": "text-bg-info",
    "solution_offered": "text-bg-warning",
    "in_progress": "text-bg-warning",
    "resolved": "text-bg-success",
    "closed": "text-bg-secondary",
    "merged": "text-bg-secondary",
}


@register.filter
def priority_class(priority: int) -> str:
    return PRIORITY_CLASSES.get(priority, "text-bg-light")


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-light")


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    """``forms|get:"offer"``: a dict entry by a key a template can only name as a string."""
    return mapping.get(key)


@register.filter
def get_field(form: Any, name: str) -> Any:
    """``form|get_field:"kind_1"``: a bound field by a name built in the template."""
    return form[name]


@register.filter
def solution_label(kind: str) -> str:
    return str(SolutionKind(kind).label) if kind in SolutionKind.values else kind
