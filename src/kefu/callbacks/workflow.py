"""The campaign's state table: draft → running → finished → archived, and what may be done
to its calls in each state. An archived campaign allows nothing: its report is final.

Implements V-01, V-05.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kefu.callbacks.models import CampaignState as S
from kefu.core.models import Role
from kefu.core.permissions import SUPERVISORS
from kefu.core.workflow import Transition, Workflow

CALLERS = frozenset({Role.AGENT}) | SUPERVISORS

WORKFLOW = Workflow(
    _("campaign"),
    [
        Transition(S.DRAFT, "edit", S.DRAFT, SUPERVISORS),
        Transition(S.DRAFT, "start", S.RUNNING, SUPERVISORS),
        Transition(S.RUNNING, "add_customers", S.RUNNING, SUPERVISORS),
        Transition(S.RUNNING, "cancel_task", S.RUNNING, SUPERVISORS),
        Transition(S.RUNNING, "call", S.RUNNING, CALLERS),
        Transition(S.RUNNING, "schedule", S.RUNNING, CALLERS),
        Transition(S.RUNNING, "finish", S.FINISHED, SUPERVISORS),
        Transition(S.RUNNING, "summarize", S.RUNNING, SUPERVISORS),
        Transition(S.FINISHED, "summarize", S.FINISHED, SUPERVISORS),
        Transition(S.FINISHED, "archive", S.ARCHIVED, SUPERVISORS),
    ],
    labels={
        "edit": _("edit"),
        "start": _("start"),
        "add_customers": _("add customers"),
        "cancel_task": _("cancel a call"),
        "call": _("record a call"),
        "schedule": _("schedule a call"),
        "finish": _("finish"),
        "summarize": _("write the summary"),
        "archive": _("archive"),
        **{s.value: s.label for s in S},
    },
)
