"""The state table of an outbox message: the worker moves it, a supervisor retries a failed one."""

from django.utils.translation import gettext_lazy as _

from kefu.core.permissions import SUPERVISORS
from kefu.core.workflow import Transition, Workflow
from kefu.notify.models import Message

S = Message.Status
WORKER: frozenset[str] = frozenset()  # system moves: the dispatcher, never a person

MESSAGE_FLOW = Workflow(
    "notification",
    [
        Transition(S.QUEUED, "claim", S.SENDING, WORKER),
        Transition(S.SENDING, "mark_sent", S.SENT, WORKER),
        Transition(S.SENDING, "defer", S.QUEUED, WORKER),  # failed attempt, retry later
        Transition(S.SENDING, "give_up", S.FAILED, WORKER),  # after the last attempt
        Transition(S.SENDING, "release", S.QUEUED, WORKER),  # claim older than the lease
        Transition(S.FAILED, "retry", S.QUEUED, SUPERVISORS),
    ],
    labels={
        "retry": _("retry"),
        S.QUEUED: _("queued"),
        S.SENDING: _("sending"),
        S.SENT: _("sent"),
        S.FAILED: _("failed"),
    },
)
