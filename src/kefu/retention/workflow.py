"""State tables of retention: an outbound campaign (draft → running → finished → archived) and
a care touch (queued → sent, or suppressed when consent is gone by the time it goes out).

Implements R-01, R-03, R-04.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kefu.core.models import Role
from kefu.core.permissions import SUPERVISORS
from kefu.core.workflow import Transition, Workflow
from kefu.retention.models import CampaignState as S
from kefu.retention.models import Touch

CALLERS = frozenset({Role.AGENT}) | SUPERVISORS
NOBODY: frozenset[str] = frozenset()  # the outbox only: no person sends a touch by hand

CAMPAIGN_FLOW = Workflow(
    _("outbound campaign"),
    [
        Transition(S.DRAFT, "start", S.RUNNING, SUPERVISORS),
        Transition(S.RUNNING, "call", S.RUNNING, CALLERS),
        Transition(S.RUNNING, "finish", S.FINISHED, SUPERVISORS),
        Transition(S.FINISHED, "summarize", S.FINISHED, SUPERVISORS),
        Transition(S.FINISHED, "archive", S.ARCHIVED, SUPERVISORS),
    ],
    labels={
        "start": _("start"),
        "call": _("record a call"),
        "finish": _("finish"),
        "summarize": _("write the lessons learned"),
        "archive": _("archive"),
        **{s.value: s.label for s in S},
    },
)

T = Touch.Status
TOUCH_FLOW = Workflow(
    _("care touch"),
    [
        Transition(T.QUEUED, "send", T.SENT, NOBODY),
        Transition(T.QUEUED, "suppress", T.SUPPRESSED, NOBODY),
    ],
    labels={"send": _("send"), "suppress": _("suppress"), **{s.value: s.label for s in T}},
)
