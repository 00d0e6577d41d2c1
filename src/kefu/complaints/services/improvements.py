"""Improvement actions of complaints (改进措施, K-09): 提出改進對策，不斷完善企業的經營管理 —
owned, due, done. The record is quality's one improvement action; this module checks what a
complaint adds to it (the complaint number, its type, the responsible department)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.complaints.models import Complaint, Nature
from kefu.complaints.services.flow import clean_choice
from kefu.core.models import Department, User
from kefu.core.permissions import require, visible_to
from kefu.quality import improvements
from kefu.quality.models import ImprovementAction, Origin


@dataclass
class NewImprovement:
    title: str
    owner_id: int
    due_on: date
    complaint_number: str = ""
    nature: str = ""
    department_id: int | None = None


def _complaint(actor: User, number: str) -> Complaint | None:
    if not number.strip():
        return None
    row = visible_to(actor, Complaint.objects.all()).filter(number=number.strip().upper()).first()
    if row is None:
        raise improvements.refuse(
            "unknown_complaint", "complaint_number", _("No complaint with that number.")
        )
    return row


def _department(department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise improvements.refuse("unknown_department", "department_id", _("No such department."))
    return department


@transaction.atomic
def create_improvement_action(*, actor: User, draft: NewImprovement) -> ImprovementAction:
    """Record an improvement action against a complaint's cause or a type of complaint, with an
    owner and a due date. Implements K-09."""
    require(actor, "improvement.create")
    complaint = _complaint(actor, draft.complaint_number)
    department = _department(draft.department_id)
    nature = clean_choice(draft.nature, Nature, "nature") if draft.nature else ""
    return improvements.create_improvement_action(
        actor=actor,
        draft=improvements.ImprovementDraft(
            origin=Origin.COMPLAINTS,
            title=draft.title,
            owner_id=draft.owner_id,
            due_on=draft.due_on,
            category=nature or (complaint.nature if complaint else ""),
            department=department or (complaint.responsible_department if complaint else None),
            source=complaint,
            source_label=complaint.number if complaint else "",
        ),
    )


def complete_improvement_action(*, actor: User, action_id: int, note: str) -> ImprovementAction:
    """Mark a complaint's improvement action done with its result; its owner or a supervisor.
    Implements K-09."""
    return improvements.complete_improvement_action(
        actor=actor, action_id=action_id, note=note, origin=Origin.COMPLAINTS
    )
