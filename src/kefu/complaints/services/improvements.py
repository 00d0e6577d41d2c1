"""Improvement actions (改进措施, K-09): 提出改進對策，不斷完善企業的經營管理 — owned, due, done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.models import Complaint, ImprovementAction, Nature
from kefu.complaints.services.flow import clean_choice, clean_text
from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.models import Department, User
from kefu.core.permissions import STAFF, require, visible_to

TEXT_MAX = 2000


@dataclass
class NewImprovement:
    title: str
    owner_id: int
    due_on: date
    complaint_number: str = ""
    nature: str = ""
    department_id: int | None = None


def _refuse(code: str, field: str, message: str) -> InvalidInput:
    return InvalidInput(code, message, {field: message})


def _complaint(actor: User, number: str) -> Complaint | None:
    if not number.strip():
        return None
    row = visible_to(actor, Complaint.objects.all()).filter(number=number.strip().upper()).first()
    if row is None:
        raise _refuse("unknown_complaint", "complaint_number", _("No complaint with that number."))
    return row


@transaction.atomic
def create_improvement_action(*, actor: User, draft: NewImprovement) -> ImprovementAction:
    """Record an improvement action against a complaint's cause or a type of complaint, with an
    owner and a due date. Implements K-09."""
    require(actor, "improvement.create")
    title = clean_text(draft.title, "title", max_length=200)
    owner = User.objects.filter(pk=draft.owner_id, is_active=True, role__in=STAFF).first()
    if owner is None:
        raise _refuse("unknown_user", "owner_id", _("Choose an active member of staff."))
    if draft.due_on < timezone.localdate():
        raise _refuse("due_in_past", "due_on", _("The due date cannot be in the past."))
    complaint = _complaint(actor, draft.complaint_number)
    department = None
    if draft.department_id is not None:
        department = Department.objects.filter(pk=draft.department_id).first()
        if department is None:
            raise _refuse("unknown_department", "department_id", _("No such department."))
    nature = clean_choice(draft.nature, Nature, "nature") if draft.nature else ""
    row = ImprovementAction.objects.create(
        complaint=complaint,
        title=title,
        owner=owner,
        due_on=draft.due_on,
        nature=nature or (complaint.nature if complaint else ""),
        department=department or (complaint.responsible_department if complaint else None),
        created_by=actor,
    )
    record_audit(
        actor=actor,
        action="improvement.created",
        subject=row,
        data={"owner": owner.pk, "complaint": complaint.pk if complaint else None},
    )
    record_event("improvement.created", subject=row, actor=actor, payload={"title": title})
    return row


@transaction.atomic
def complete_improvement_action(*, actor: User, action_id: int, note: str) -> ImprovementAction:
    """Mark an improvement action done with its result; its owner or a supervisor.
    Implements K-09."""
    row = ImprovementAction.objects.select_for_update().filter(pk=action_id).first()
    if row is None:
        raise NotFound("improvement_not_found", _("No such improvement action."))
    require(actor, "improvement.complete", row)
    if row.done_at is not None:
        raise Conflict("improvement_done", _("This improvement action is already done."))
    row.done_note = clean_text(note, "note", max_length=TEXT_MAX)
    row.done_at = timezone.now()
    row.save(update_fields=["done_note", "done_at"])
    record_audit(actor=actor, action="improvement.done", subject=row)
    record_event("improvement.done", subject=row, actor=actor, payload={"title": row.title})
    return row
