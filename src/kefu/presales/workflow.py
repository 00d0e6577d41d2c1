"""The lead pipeline's state table (S-08): new → contacted → needs analysed → recommended →
negotiating → won, or lost (with a reason) from any open stage; a supervisor may reopen a lost
lead. Self-loops are the steps that keep a lead where it is (needs edited in steps, a second
recommendation, a further objection).

Implements S-05..S-08.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kefu.core.models import Role
from kefu.core.permissions import SUPERVISORS
from kefu.core.workflow import Transition, Workflow
from kefu.presales.models import Stage as S

SELLERS = frozenset({Role.AGENT}) | SUPERVISORS
OPEN = (S.NEW, S.CONTACTED, S.NEEDS_ANALYSED, S.RECOMMENDED, S.NEGOTIATING)

WORKFLOW = Workflow(
    _("lead"),
    [
        Transition(S.NEW, "contact", S.CONTACTED, SELLERS),
        Transition(S.CONTACTED, "analyse", S.NEEDS_ANALYSED, SELLERS),
        Transition(S.NEEDS_ANALYSED, "analyse", S.NEEDS_ANALYSED, SELLERS),
        Transition(S.RECOMMENDED, "analyse", S.RECOMMENDED, SELLERS),
        Transition(S.NEGOTIATING, "analyse", S.NEGOTIATING, SELLERS),
        Transition(S.NEEDS_ANALYSED, "recommend", S.RECOMMENDED, SELLERS),
        Transition(S.RECOMMENDED, "recommend", S.RECOMMENDED, SELLERS),
        Transition(S.NEGOTIATING, "recommend", S.NEGOTIATING, SELLERS),
        Transition(S.RECOMMENDED, "negotiate", S.NEGOTIATING, SELLERS),
        Transition(S.RECOMMENDED, "object", S.NEGOTIATING, SELLERS),
        Transition(S.NEGOTIATING, "object", S.NEGOTIATING, SELLERS),
        Transition(S.RECOMMENDED, "win", S.WON, SELLERS),
        Transition(S.NEGOTIATING, "win", S.WON, SELLERS),
        *(Transition(state, "lose", S.LOST, SELLERS) for state in OPEN),
        Transition(S.LOST, "reopen", S.CONTACTED, SUPERVISORS),
    ],
    labels={
        "contact": _("mark as contacted"),
        "analyse": _("record the needs"),
        "recommend": _("recommend products"),
        "negotiate": _("start negotiating"),
        "object": _("record an objection"),
        "win": _("mark as won"),
        "lose": _("mark as lost"),
        "reopen": _("reopen"),
        **{s.value: s.label for s in S},
    },
)
# The moves a page offers as plain buttons; the others have their own forms.
BUTTONS = ("contact", "negotiate", "reopen")
