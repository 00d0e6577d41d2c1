"""Solution plans (處理方案, K-06): proposed with compensation, approved by a supervisor or
manager who did not propose them, then carried out.

004 §六 (4): 根據實際情況進行部門研討提出不同相關解決方案。主管領導應對投訴處理方案一一過目，
選擇最佳解決方案，並及時作出批示. (5): 實施處理方案.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.models import (
    AMOUNT_REQUIRED,
    CompensationKind,
    Complaint,
    ComplaintMessage,
    Direction,
    Plan,
    PlanStatus,
    Status,
)
from kefu.complaints.services.flow import (
    INVESTIGATION,
    begin,
    clean_choice,
    clean_text,
    emit,
    save,
    settle,
)
from kefu.core.audit import record_audit
from kefu.core.errors import Forbidden, InvalidInput, NotFound
from kefu.core.models import User

PLAN_MAX = 2000
MAX_PLANS = 5
# 100,000 yuan: beyond that a compensation is a typo, not a plan.
MAX_COMPENSATION_FEN = 10_000_000


@dataclass
class PlanDraft:
    description: str
    compensation_kind: str = CompensationKind.NONE
    compensation_fen: int = 0


def _clean_plan(index: int, draft: PlanDraft) -> dict[str, object]:
    prefix = f"plans.{index}."
    kind = clean_choice(
        draft.compensation_kind or CompensationKind.NONE,
        CompensationKind,
        prefix + "compensation_kind",
    )
    amount = draft.compensation_fen or 0
    if not isinstance(amount, int) or amount < 0 or amount > MAX_COMPENSATION_FEN:
        message = _("Give the amount in fen, from 0 to 10,000,000.")
        raise InvalidInput("invalid_amount", message, {prefix + "compensation_fen": message})
    if kind in AMOUNT_REQUIRED and amount == 0:
        message = _("Give the amount of this compensation.")
        raise InvalidInput("amount_required", message, {prefix + "compensation_fen": message})
    return {
        "description": clean_text(draft.description, prefix + "description", max_length=PLAN_MAX),
        "compensation_kind": kind,
        "compensation_fen": amount,
    }


@transaction.atomic
def propose_plans(
    *, actor: User, complaint: Complaint, plans: list[PlanDraft], version: int | None = None
) -> list[Plan]:
    """Propose one or more plans, each with its compensation, for a supervisor's approval.

    The cause must be recorded first; the first proposal keeps the investigation promise
    (``complaint.investigation``). Implements K-06.
    """
    locked, state = begin(actor, complaint, "propose", version=version)
    if not locked.cause:
        message = _("Record the cause of the complaint before proposing plans.")
        raise InvalidInput("findings_required", message, {"cause": message})
    if not 1 <= len(plans) <= MAX_PLANS:
        message = _("Propose from 1 to %(n)s plans.") % {"n": MAX_PLANS}
        raise InvalidInput("plan_count", message, {"plans": message})
    cleaned = [_clean_plan(i, draft) for i, draft in enumerate(plans)]
    now = timezone.now()
    rows = [
        Plan.objects.create(complaint=locked, proposed_by=actor, proposed_at=now, **values)
        for values in cleaned
    ]
    first = locked.status == Status.INVESTIGATING
    locked.status = state
    save(locked, ["status"])
    if first:
        settle(locked, INVESTIGATION, now)
    record_audit(
        actor=actor,
        action="complaint.plans_proposed",
        subject=locked,
        data={"plans": [p.pk for p in rows]},
    )
    emit("complaint.plans_proposed", locked, actor, plan_ids=[p.pk for p in rows])
    return rows


def _plan(complaint: Complaint, plan_id: int) -> Plan:
    plan = Plan.objects.filter(pk=plan_id, complaint=complaint).first()
    if plan is None:
        raise NotFound(
            "plan_not_found", _("No such plan on this complaint."), {"plan_id": _("Not found.")}
        )
    if plan.status != PlanStatus.PROPOSED:
        message = _("Only a proposed plan can be approved.")
        raise InvalidInput("plan_not_proposed", message, {"plan_id": message})
    return plan


@transaction.atomic
def approve_plan(
    *, actor: User, complaint: Complaint, plan_id: int, note: str = "", version: int | None = None
) -> Plan:
    """Approve the best plan (主管批示); the other proposed plans are not chosen.

    The approver is a supervisor or manager who did not propose that plan (four eyes).
    Implements K-06.
    """
    locked, state = begin(actor, complaint, "approve", version=version)
    plan = _plan(locked, plan_id)
    if plan.proposed_by_id == actor.pk:
        raise Forbidden(
            "own_plan",
            _("You proposed this plan; another supervisor or manager must approve it."),
        )
    now = timezone.now()
    Plan.objects.filter(complaint=locked, status=PlanStatus.PROPOSED).exclude(pk=plan.pk).update(
        status=PlanStatus.NOT_CHOSEN
    )
    plan.status, plan.approved_by, plan.approved_at = PlanStatus.APPROVED, actor, now
    plan.approval_note = clean_text(note, "note", max_length=PLAN_MAX, required=False)
    plan.save(update_fields=["status", "approved_by", "approved_at", "approval_note"])
    locked.status, locked.plan_version = state, locked.plan_version + 1
    save(locked, ["status", "plan_version"])
    record_audit(
        actor=actor,
        action="complaint.plan_approved",
        subject=locked,
        data={"plan": plan.pk, "proposed_by": plan.proposed_by_id},
    )
    emit(
        "complaint.plan_approved",
        locked,
        actor,
        plan_id=plan.pk,
        compensation_kind=plan.compensation_kind,
        compensation_fen=plan.compensation_fen,
    )
    return plan


@transaction.atomic
def send_back_plans(
    *, actor: User, complaint: Complaint, note: str, version: int | None = None
) -> Complaint:
    """Refuse every proposed plan with an instruction; the investigation goes on.

    Implements K-06.
    """
    locked, state = begin(actor, complaint, "send_back", version=version)
    text = clean_text(note, "note", max_length=PLAN_MAX)
    Plan.objects.filter(complaint=locked, status=PlanStatus.PROPOSED).update(
        status=PlanStatus.NOT_CHOSEN, approval_note=text
    )
    ComplaintMessage.objects.create(
        complaint=locked,
        direction=Direction.INTERNAL,
        body=text,
        author=actor,
        channel=locked.channel,
    )
    locked.status = state
    save(locked, ["status"])
    record_audit(actor=actor, action="complaint.plans_sent_back", subject=locked)
    emit("complaint.plans_sent_back", locked, actor, timeline=False)
    return locked


@transaction.atomic
def carry_out_plan(
    *, actor: User, complaint: Complaint, note: str, version: int | None = None
) -> Complaint:
    """Record what was done under the approved plan (refund issued, exchange sent…).
    Implements K-06."""
    locked, state = begin(actor, complaint, "carry_out", version=version)
    locked.carried_out_note = clean_text(note, "note", max_length=PLAN_MAX)
    locked.status, locked.carried_out_at = state, timezone.now()
    save(locked, ["status", "carried_out_at", "carried_out_note"])
    record_audit(actor=actor, action="complaint.carried_out", subject=locked)
    emit("complaint.carried_out", locked, actor)
    return locked


def approved_plan(complaint: Complaint) -> Plan | None:
    return Plan.objects.filter(complaint=complaint, status=PlanStatus.APPROVED).first()
