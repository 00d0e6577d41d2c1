"""The complaint's state table: every allowed move, and who may make it (004 §六, K-01..K-10).

投訴受理 → 投訴判斷 (不成立: 婉轉答覆, 結案; 成立: 確定責任部門, 請顧客給予時間調查) → 展開調查 →
提出處理方案 → 主管領導批示 → 實施處理方案 → 顧客簽字確認 → 回訪 → 總結評價, 結案.
Every action on a complaint, state-changing or not, is a row here, so "which buttons does
this user get" and "is this move legal" have one answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kefu.complaints.models import OPEN_STATUSES, Status
from kefu.core.models import Role
from kefu.core.permissions import MANAGERS, STAFF, SUPERVISORS
from kefu.core.workflow import Transition, Workflow

# Customer-facing decisions are the desk's: agents and their superiors. Tech support
# engineers help investigate (调查原因) but do not commit the shop to a plan.
DESK = frozenset({Role.AGENT}) | SUPERVISORS
# The customer on the confirmation page; no staff role has it.
CUSTOMER = "customer"
CUSTOMER_ONLY = frozenset({CUSTOMER})

S = Status
BEFORE_APPROVAL = (S.REGISTERED, S.CONTACTED, S.JUDGED, S.INVESTIGATING, S.PLANS_PROPOSED)
INVESTIGATED = (
    S.INVESTIGATING,
    S.PLANS_PROPOSED,
    S.APPROVED,
    S.CARRIED_OUT,
    S.CONFIRMED,
    S.FOLLOWED_UP,
    S.CLOSED,
)


def _stay(action: str, states: Iterable[str], roles: frozenset[str]) -> list[Transition]:
    """An action that keeps the state (record, assign, ...), allowed in ``states``."""
    return [Transition(s, action, s, roles) for s in states]


TRANSITIONS = [
    Transition(S.REGISTERED, "contact", S.CONTACTED, DESK),
    # 投訴判斷: 成立 → 責任部門 + 調查時間; 不成立 → 婉轉答覆, 結案.
    Transition(S.CONTACTED, "accept", S.JUDGED, DESK),
    Transition(S.CONTACTED, "dismiss", S.CLOSED, DESK),
    Transition(S.JUDGED, "investigate", S.INVESTIGATING, STAFF),
    *_stay("record_findings", (S.INVESTIGATING,), STAFF),
    Transition(S.INVESTIGATING, "propose", S.PLANS_PROPOSED, DESK),
    Transition(S.PLANS_PROPOSED, "propose", S.PLANS_PROPOSED, DESK),
    # 主管領導應對投訴處理方案一一過目，選擇最佳解決方案，並及時作出批示.
    Transition(S.PLANS_PROPOSED, "approve", S.APPROVED, SUPERVISORS),
    Transition(S.PLANS_PROPOSED, "send_back", S.INVESTIGATING, SUPERVISORS),
    Transition(S.APPROVED, "carry_out", S.CARRIED_OUT, DESK),
    *_stay("request_confirmation", (S.CARRIED_OUT,), DESK),
    # 確認顧客接受解決方案後請顧客簽字: on the page by link, or recorded by staff with evidence.
    Transition(S.CARRIED_OUT, "customer_accept", S.CONFIRMED, CUSTOMER_ONLY),
    Transition(S.CARRIED_OUT, "customer_reject", S.PLANS_PROPOSED, CUSTOMER_ONLY),
    Transition(S.CARRIED_OUT, "record_consent", S.CONFIRMED, DESK),
    Transition(S.CARRIED_OUT, "record_rejection", S.PLANS_PROPOSED, DESK),
    Transition(S.CONFIRMED, "follow_up", S.FOLLOWED_UP, DESK),
    # 總結評價 … 由客服主管填寫《顧客投訴分類統計表》.
    Transition(S.FOLLOWED_UP, "close", S.CLOSED, SUPERVISORS),
    *[Transition(s, "close_malicious", S.CLOSED, MANAGERS) for s in OPEN_STATUSES],
    *_stay("classify", BEFORE_APPROVAL, DESK),
    *_stay("assign", OPEN_STATUSES, SUPERVISORS),
    *_stay("escalate", OPEN_STATUSES, DESK),
    *_stay("converse", OPEN_STATUSES, STAFF),
    *_stay("attach", OPEN_STATUSES, STAFF),
    *_stay("flag_malicious", OPEN_STATUSES, DESK),
    *_stay("clear_malicious", OPEN_STATUSES, SUPERVISORS),
    *_stay("note_accountability", INVESTIGATED, SUPERVISORS),
]

ACTION_LABELS: dict[str, Promise] = {
    "contact": _("record the first contact"),
    "accept": _("judge valid"),
    "dismiss": _("judge not valid and explain"),
    "investigate": _("start the investigation"),
    "record_findings": _("record the findings"),
    "propose": _("propose plans"),
    "approve": _("approve a plan"),
    "send_back": _("send the plans back"),
    "carry_out": _("record the plan carried out"),
    "request_confirmation": _("send the confirmation link"),
    "customer_accept": _("accept the plan"),
    "customer_reject": _("reject the plan"),
    "record_consent": _("record the customer's consent"),
    "record_rejection": _("record the customer's rejection"),
    "follow_up": _("record the follow-up"),
    "close": _("close with summary and evaluation"),
    "close_malicious": _("close as malicious"),
    "classify": _("classify"),
    "assign": _("assign"),
    "escalate": _("escalate as a crisis"),
    "converse": _("record a conversation"),
    "attach": _("attach a file"),
    "flag_malicious": _("flag as malicious"),
    "clear_malicious": _("clear the malicious flag"),
    "note_accountability": _("note accountability"),
}

# The customer's own actions (on the confirmation page); no staff permission exists for them.
CUSTOMER_ACTIONS = frozenset(t.action for t in TRANSITIONS if t.roles == CUSTOMER_ONLY)

WORKFLOW = Workflow(
    _("complaint"),  # type: ignore[arg-type]
    TRANSITIONS,
    labels={**dict(Status.choices), **ACTION_LABELS},  # type: ignore[dict-item]
)
