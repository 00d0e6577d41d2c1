"""The conversation QA score (质检评分, G-04) of one closed conversation, from plain data.

Six criteria follow the service flow (003 §3.1 服务流程六步法, with 000 §二's listening and
confirming): greeting, listen and confirm, diagnose, solution, satisfaction check, farewell. Three
follow the rules: no banned phrases (the reply checker), response deadlines met, promises kept.
Each criterion gives points out of its weight and says why; the score is their sum out of 100.
No database here: the caller gathers the messages, the deadlines and the banned phrases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.quality.checker import check_opening, check_reply, simplified
from kefu.quality.models import BannedPhrase

# Points per criterion; they add up to 100.
WEIGHTS: dict[str, int] = {
    "greeting": 10,
    "listen": 10,
    "diagnose": 15,
    "solution": 15,
    "satisfaction": 10,
    "close": 10,
    "banned_phrases": 10,
    "deadlines": 10,
    "promises": 10,
}
BANNED_PHRASE_PENALTY = 5  # points off per banned phrase found

LISTEN = re.compile(
    r"您是说|您的意思是|我理解|理解您|确认一下|跟您确认|和您确认|明白您|了解您|您反馈的|您遇到的"
    r"|已经记录|我记录|核实一下|您说的"
)
QUESTION = re.compile(r"[?？]|能描述|具体|是否|请问|请您提供|麻烦提供|照片|订单号")
OFFER = re.compile(r"可以选择|为您安排|为您办理|为您申请|退款|换货|退货|补发|维修|方案|补偿")
SATISFACTION = re.compile(r"是否满意|满意吗|还满意|您看这样可以吗|这样处理您|还有什么不满意")
FAREWELL = re.compile(r"感谢|谢谢|祝您|随时|欢迎再次|欢迎致电|再见|有任何问题")
# Per step: the reason when it was done, and when it was not.
FLOW_REASONS = {
    "listen": (
        gettext_lazy("The agent confirmed what the customer said."),
        gettext_lazy("No reply restates or confirms the customer's problem."),
    ),
    "diagnose": (
        gettext_lazy("The problem was diagnosed with questions or a recorded diagnosis."),
        gettext_lazy("No diagnosis recorded and no question asked."),
    ),
    "solution": (
        gettext_lazy("A solution was offered."),
        gettext_lazy("No solution was offered."),
    ),
    "satisfaction": (
        gettext_lazy("The customer was asked whether they are satisfied."),
        gettext_lazy("Nobody asked whether the customer is satisfied."),
    ),
    "close": (
        gettext_lazy("The last reply thanks the customer and invites them back."),
        gettext_lazy("The last reply has no farewell."),
    ),
}


@dataclass(frozen=True)
class Turn:
    """One message of the conversation: the agent's (``outbound``) or the customer's."""

    outbound: bool
    body: str
    at: datetime


@dataclass(frozen=True)
class Due:
    """A response deadline or a promise made to the customer, and when it was met (if it was)."""

    kind: str
    due_at: datetime
    met_at: datetime | None = None
    promise: bool = False

    def outcome(self, closed_at: datetime) -> str:
        """ "kept", "missed", or "open" (not yet due when the conversation closed)."""
        if self.met_at is not None:
            return "kept" if self.met_at <= self.due_at else "missed"
        return "missed" if self.due_at <= closed_at else "open"


@dataclass(frozen=True)
class Conversation:
    turns: Sequence[Turn]
    closed_at: datetime
    dues: Sequence[Due] = ()
    diagnosed: bool = False  # a diagnosis was recorded on the record
    solutions_offered: int = 0
    satisfaction_confirmed: bool = False


@dataclass(frozen=True)
class Criterion:
    code: str
    points: int
    weight: int
    reason: str

    @property
    def passed(self) -> bool:
        return self.points == self.weight


@dataclass
class Score:
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.points for c in self.criteria)

    def as_data(self) -> list[dict[str, object]]:
        return [asdict(c) for c in self.criteria]


def _flow(code: str, done: bool) -> Criterion:
    yes, no = FLOW_REASONS[code]
    return Criterion(code, WEIGHTS[code] if done else 0, WEIGHTS[code], str(yes if done else no))


def _greeting(agent: list[str]) -> Criterion:
    weight = WEIGHTS["greeting"]
    if not agent:
        return Criterion("greeting", 0, weight, _("The agent never wrote to the customer."))
    opening = check_opening(agent[0])
    parts = [opening.greeting, opening.self_introduction, opening.intent]
    points = round(weight * sum(parts) / len(parts))
    if opening.complete:
        return Criterion(
            "greeting", points, weight, _("The first reply greets, introduces and offers help.")
        )
    missing = [
        str(label)
        for present, label in zip(
            parts, (_("greeting"), _("self-introduction"), _("service intent")), strict=True
        )
        if not present
    ]
    return Criterion(
        "greeting",
        points,
        weight,
        _("The first reply lacks: %(missing)s.") % {"missing": ", ".join(missing)},
    )


def _banned(agent: list[str], phrases: list[BannedPhrase]) -> Criterion:
    weight = WEIGHTS["banned_phrases"]
    found = [f.matched for text in agent for f in check_reply(text, phrases)]
    if not found:
        return Criterion("banned_phrases", weight, weight, _("No banned phrase in any reply."))
    points = max(0, weight - BANNED_PHRASE_PENALTY * len(found))
    reason = _("Banned phrases used: %(phrases)s.") % {"phrases": "、".join(found)}
    return Criterion("banned_phrases", points, weight, reason)


def _dues(code: str, dues: list[Due], closed_at: datetime) -> Criterion:
    weight = WEIGHTS[code]
    outcomes = [(d, d.outcome(closed_at)) for d in dues]
    counted = [(d, o) for d, o in outcomes if o != "open"]
    if not counted:
        none = _("No promise was made.") if code == "promises" else _("No deadline fell due.")
        return Criterion(code, weight, weight, none)
    missed = [d.kind for d, o in counted if o == "missed"]
    points = round(weight * (len(counted) - len(missed)) / len(counted))
    if not missed:
        return Criterion(code, points, weight, _("All %(n)s met on time.") % {"n": len(counted)})
    reason = _("%(missed)s of %(n)s missed: %(kinds)s.") % {
        "missed": len(missed),
        "n": len(counted),
        "kinds": ", ".join(missed),
    }
    return Criterion(code, points, weight, reason)


def _steps(conversation: Conversation, said: list[str]) -> list[Criterion]:
    """Listen, diagnose, solution, satisfaction and farewell: in the replies or on the record."""

    def says(pattern: re.Pattern[str]) -> bool:
        return any(pattern.search(text) for text in said)

    done = {
        "listen": says(LISTEN),
        "diagnose": conversation.diagnosed or says(QUESTION),
        "solution": conversation.solutions_offered > 0 or says(OFFER),
        "satisfaction": conversation.satisfaction_confirmed or says(SATISFACTION),
        "close": bool(said) and bool(FAREWELL.search(said[-1])),
    }
    return [_flow(code, ok) for code, ok in done.items()]


def score_conversation(conversation: Conversation, phrases: list[BannedPhrase]) -> Score:
    """Score a closed conversation against the six steps and the rules, with the reason of
    every criterion. Implements G-04."""
    agent = [t.body for t in sorted(conversation.turns, key=lambda t: t.at) if t.outbound]
    dues = list(conversation.dues)
    return Score(
        [
            _greeting(agent),
            *_steps(conversation, [simplified(text) for text in agent]),
            _banned(agent, phrases),
            _dues("deadlines", [d for d in dues if not d.promise], conversation.closed_at),
            _dues("promises", [d for d in dues if d.promise], conversation.closed_at),
        ]
    )
