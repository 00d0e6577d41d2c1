"""The ticket's state table and the six steps of seed 003 §3.1 (服务流程六步法) it walks through.

Every action on a ticket, state-changing or not, is a row here, so "which buttons does this
user get" and "is this move legal" have one answer. Implements A-08.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kefu.core.models import Role
from kefu.core.permissions import STAFF, SUPERVISORS
from kefu.core.workflow import Transition, Workflow
from kefu.tickets.models import Status

# Customer-facing decisions (offer, choice, close) are the desk's: agents and their superiors.
# Tech support engineers diagnose and record repair progress (001: 技术支持工程师 负责为客户
# 提供技术解决方案), but do not commit the shop to a remedy.
DESK = frozenset({Role.AGENT}) | SUPERVISORS

WORKING = (Status.NEW, Status.DIAGNOSING, Status.SOLUTION_OFFERED, Status.IN_PROGRESS)
ANSWERABLE = (*WORKING, Status.RESOLVED)
DECIDED = (Status.DIAGNOSING, Status.SOLUTION_OFFERED, Status.IN_PROGRESS)


def _stay(action: str, states: Iterable[str], roles: frozenset[str]) -> list[Transition]:
    """An action that keeps the state (reply, assign, ...), allowed in ``states``."""
    return [Transition(s, action, s, roles) for s in states]


TRANSITIONS = [
    Transition(Status.NEW, "diagnose", Status.DIAGNOSING, STAFF),
    Transition(Status.DIAGNOSING, "offer", Status.SOLUTION_OFFERED, DESK),
    Transition(Status.SOLUTION_OFFERED, "offer", Status.SOLUTION_OFFERED, DESK),
    Transition(Status.IN_PROGRESS, "offer", Status.SOLUTION_OFFERED, DESK),
    Transition(Status.SOLUTION_OFFERED, "choose", Status.IN_PROGRESS, DESK),
    Transition(Status.IN_PROGRESS, "progress", Status.IN_PROGRESS, STAFF),
    # A usage problem solved by guidance needs no remedy: resolve straight from diagnosis.
    Transition(Status.DIAGNOSING, "resolve", Status.RESOLVED, DESK),
    Transition(Status.IN_PROGRESS, "resolve", Status.RESOLVED, DESK),
    Transition(Status.RESOLVED, "confirm", Status.RESOLVED, DESK),
    Transition(Status.RESOLVED, "close", Status.CLOSED, DESK),
    Transition(Status.RESOLVED, "reopen", Status.DIAGNOSING, DESK),
    Transition(Status.CLOSED, "reopen", Status.DIAGNOSING, SUPERVISORS),
    *[Transition(s, "merge", Status.MERGED, DESK) for s in WORKING],
    *_stay("reply", ANSWERABLE, STAFF),
    *_stay("attach", ANSWERABLE, STAFF),
    *_stay("escalate", ANSWERABLE, STAFF),
    *_stay("categorize", WORKING, STAFF),
    *_stay("prioritize", WORKING, DESK),
    *_stay("assign", WORKING, DESK),
    *_stay("promise", DECIDED, STAFF),
    *_stay("delay", DECIDED, STAFF),
]

ACTION_LABELS: dict[str, Promise] = {
    "diagnose": _("start diagnosis"),
    "offer": _("offer solutions"),
    "choose": _("record the customer's choice"),
    "progress": _("record progress"),
    "resolve": _("resolve"),
    "confirm": _("confirm satisfaction"),
    "close": _("close"),
    "reopen": _("reopen"),
    "merge": _("merge"),
    "reply": _("reply"),
    "attach": _("attach a file"),
    "escalate": _("escalate"),
    "categorize": _("categorize"),
    "prioritize": _("set the priority"),
    "assign": _("assign"),
    "promise": _("promise a resolution time"),
    "delay": _("announce a delay"),
}

WORKFLOW = Workflow(
    _("ticket"),  # type: ignore[arg-type]
    TRANSITIONS,
    labels={**dict(Status.choices), **ACTION_LABELS},  # type: ignore[dict-item]
)


@dataclass(frozen=True)
class Step:
    code: str
    label: Promise
    # The script of the step (003 §3.1), shown to the agent as a hint.
    script: Promise


SIX_STEPS: tuple[Step, ...] = (
    Step("greet", _("Greeting"), _("Hello, glad to serve you. What can I do for you?")),
    Step("diagnose", _("Diagnosis"), _("Could you describe what happened?")),
    Step(
        "offer",
        _("Solution"),
        _("You can choose an exchange or a refund; neither costs you anything extra."),
    ),
    Step("execute", _("Follow-up"), _("Help the customer through it and record the progress.")),
    Step("confirm", _("Satisfaction check"), _("Are you satisfied with how we handled this?")),
    Step(
        "close",
        _("Farewell"),
        _("Thank you for your understanding; call us any time if anything comes up."),
    ),
)

# The step a ticket in each state is working on.
STEP_OF_STATE = {
    Status.NEW: "greet",
    Status.DIAGNOSING: "diagnose",
    Status.SOLUTION_OFFERED: "offer",
    Status.IN_PROGRESS: "execute",
    Status.RESOLVED: "confirm",
    Status.CLOSED: "close",
}
