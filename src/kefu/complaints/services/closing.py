"""The end of a complaint: the follow-up visit, the summary and evaluation, and accountability.

000 §三(五): 投訴解決後2天內回訪，確認客戶是否滿意. 004 §六 (6): 對投訴處理過程進行總結與綜合評價.
004 §六 (5): 對直接責任者和部門主管要按照有關規定進行處罰 — the accountability note, seen only by
supervisors and managers.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kefu.complaints.models import Complaint, ComplaintMessage, Direction, Outcome
from kefu.complaints.services.flow import FOLLOW_UP, begin, clean_text, emit, save, settle
from kefu.core.audit import record_audit
from kefu.core.models import User
from kefu.sla.models import Deadline

TEXT_MAX = 5000


@transaction.atomic
def follow_up_complaint(
    *, actor: User, complaint: Complaint, note: str, satisfied: bool, version: int | None = None
) -> Complaint:
    """Record the follow-up visit (回訪): what the customer said and whether they are
    satisfied; keeps the ``complaint.follow_up`` deadline. Implements K-08."""
    locked, state = begin(actor, complaint, "follow_up", version=version)
    text = clean_text(note, "note", max_length=TEXT_MAX)
    now = timezone.now()
    ComplaintMessage.objects.create(
        complaint=locked,
        direction=Direction.OUTBOUND,
        body=text,
        author=actor,
        channel=locked.channel,
    )
    locked.status, locked.followed_up_at = state, now
    locked.follow_up_note, locked.follow_up_satisfied = text, bool(satisfied)
    save(locked, ["status", "followed_up_at", "follow_up_note", "follow_up_satisfied"])
    settle(locked, FOLLOW_UP, now)
    record_audit(
        actor=actor,
        action="complaint.followed_up",
        subject=locked,
        data={"satisfied": bool(satisfied)},
    )
    emit("complaint.followed_up", locked, actor, satisfied=bool(satisfied))
    return locked


def settle_all(complaint: Complaint) -> None:
    """A closed complaint keeps no open promise."""
    for kind in (
        Deadline.objects.for_subject(complaint)
        .filter(met_at__isnull=True)
        .values_list("kind", flat=True)
    ):
        settle(complaint, kind)


@transaction.atomic
def close_complaint(
    *,
    actor: User,
    complaint: Complaint,
    summary: str,
    evaluation: str,
    version: int | None = None,
) -> Complaint:
    """Close a followed-up complaint with its summary and evaluation (總結評價); only after the
    follow-up (K-08). Implements K-08, K-09."""
    locked, state = begin(actor, complaint, "close", version=version)
    locked.summary = clean_text(summary, "summary", max_length=TEXT_MAX)
    locked.evaluation = clean_text(evaluation, "evaluation", max_length=TEXT_MAX)
    locked.status, locked.outcome, locked.closed_at = state, Outcome.RESOLVED, timezone.now()
    save(locked, ["summary", "evaluation", "status", "outcome", "closed_at"])
    settle_all(locked)
    record_audit(
        actor=actor, action="complaint.closed", subject=locked, data={"outcome": Outcome.RESOLVED}
    )
    emit("complaint.closed", locked, actor, outcome=Outcome.RESOLVED)
    return locked


@transaction.atomic
def note_accountability(
    *, actor: User, complaint: Complaint, note: str, version: int | None = None
) -> Complaint:
    """Write the internal accountability note for the responsible party (追責/處罰); only
    supervisors and managers write and read it, and it never reaches the customer's timeline.
    Implements K-07."""
    locked, _state = begin(actor, complaint, "note_accountability", version=version)
    locked.accountability_note = clean_text(note, "note", max_length=TEXT_MAX)
    locked.accountability_at, locked.accountability_by = timezone.now(), actor
    save(locked, ["accountability_note", "accountability_at", "accountability_by"])
    record_audit(
        actor=actor,
        action="complaint.accountability_noted",
        subject=locked,
        data={
            "person": locked.responsible_person_id,
            "department": locked.responsible_department_id,
        },
    )
    emit("complaint.accountability_noted", locked, actor, timeline=False)
    return locked
