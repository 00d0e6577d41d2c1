"""The survey's state table: scheduled → sent → answered; expired or cancelled on the way.

A phone survey (电话回访) is answered straight from ``scheduled``; a cancelled survey (its
ticket was reopened) is scheduled again when the ticket is resolved again. Implements Q-01, Q-03.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kefu.core.permissions import STAFF
from kefu.core.workflow import Transition, Workflow
from kefu.surveys.models import Status

WORKFLOW = Workflow(
    _("survey"),
    [
        Transition(Status.SCHEDULED, "send", Status.SENT, STAFF),
        Transition(Status.SCHEDULED, "answer", Status.ANSWERED, STAFF),
        Transition(Status.SENT, "answer", Status.ANSWERED, STAFF),
        Transition(Status.SCHEDULED, "expire", Status.EXPIRED, STAFF),
        Transition(Status.SENT, "expire", Status.EXPIRED, STAFF),
        Transition(Status.SCHEDULED, "cancel", Status.CANCELLED, STAFF),
        Transition(Status.SCHEDULED, "reschedule", Status.SCHEDULED, STAFF),
        Transition(Status.CANCELLED, "reschedule", Status.SCHEDULED, STAFF),
    ],
    labels={
        "send": _("send"),
        "answer": _("answer"),
        "expire": _("expire"),
        "cancel": _("cancel"),
        "reschedule": _("schedule again"),
        **{s.value: s.label for s in Status},
    },
)
