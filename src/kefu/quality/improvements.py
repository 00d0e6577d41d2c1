"""Improvement actions (改进措施), one record for complaints (K-09) and surveys (Q-04): added by a
supervisor with an owner and a due date, marked done with the result by its owner.

The app the action comes from checks its own fields (a complaint number, a survey reason) and
passes plain values here; the source record is referenced by kind and id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit, subject_ref
from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.models import Department, User
from kefu.core.permissions import STAFF, require, visible_to
from kefu.quality.models import ImprovementAction, Origin

TITLE_MAX = 200
NOTE_MAX = 2000


@dataclass
class ImprovementDraft:
    """What an app hands over for a new action; ``source`` is the record it was drawn from."""

    origin: str
    title: str
    owner_id: int | None
    due_on: date | None
    category: str = ""
    department: Department | None = None
    month: date | None = None
    source: Model | None = None
    source_label: str = ""


def refuse(code: str, field: str, message: str) -> InvalidInput:
    return InvalidInput(code, message, {field: message})


def clean_title(value: object) -> str:
    title = "" if value is None else str(value).strip()
    if not title:
        raise refuse("required", "title", _("This field is required."))
    if len(title) > TITLE_MAX:
        raise refuse("too_long", "title", _("At most %(n)s characters.") % {"n": TITLE_MAX})
    return title


def clean_owner(owner_id: object) -> User:
    owner = User.objects.filter(pk=owner_id, is_active=True, role__in=STAFF).first()
    if owner is None:
        raise refuse("unknown_user", "owner_id", _("Choose an active member of staff."))
    return owner


def clean_due_on(due_on: object) -> date:
    if not isinstance(due_on, date) or due_on < timezone.localdate():
        raise refuse("due_in_past", "due_on", _("The due date cannot be in the past."))
    return due_on


@transaction.atomic
def create_improvement_action(*, actor: User, draft: ImprovementDraft) -> ImprovementAction:
    """Record an improvement action with its owner and due date; supervisors and above.

    Implements K-09, Q-04.
    """
    require(actor, "improvement.create")
    title = clean_title(draft.title)
    owner = clean_owner(draft.owner_id)
    due_on = clean_due_on(draft.due_on)
    source_type, source_id = subject_ref(draft.source) if draft.source else ("", "")
    row = ImprovementAction.objects.create(
        origin=Origin(draft.origin),
        source_type=source_type,
        source_id=source_id,
        source_label=draft.source_label,
        title=title,
        category=draft.category,
        department=draft.department,
        month=draft.month.replace(day=1) if draft.month else None,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    record_audit(
        actor=actor,
        action="improvement.created",
        subject=row,
        data={"origin": row.origin, "owner": owner.pk, "source": source_id or None},
    )
    record_event("improvement.created", subject=row, actor=actor, payload={"title": title})
    return row


@transaction.atomic
def complete_improvement_action(
    *, actor: User, action_id: int, note: str, origin: str = ""
) -> ImprovementAction:
    """Mark an action done with what it achieved; its owner or a supervisor. Implements K-09,
    Q-04."""
    qs = ImprovementAction.objects.select_for_update().filter(pk=action_id)
    row = (qs.filter(origin=origin) if origin else qs).first()
    if row is None:
        raise NotFound("improvement_not_found", _("No such improvement action."))
    require(actor, "improvement.complete", row)
    text = "" if note is None else str(note).strip()
    if not text:
        raise refuse("required", "note", _("This field is required."))
    if len(text) > NOTE_MAX:
        raise refuse("too_long", "note", _("At most %(n)s characters.") % {"n": NOTE_MAX})
    if row.done_at is not None:
        raise Conflict("improvement_done", _("This improvement action is already done."))
    row.done_note, row.done_at = text, timezone.now()
    row.save(update_fields=["done_note", "done_at"])
    record_audit(actor=actor, action="improvement.done", subject=row)
    record_event("improvement.done", subject=row, actor=actor, payload={"title": row.title})
    return row


def improvement_actions(
    actor: User, origin: str, *, open_only: bool = False
) -> QuerySet[ImprovementAction]:
    """The actions of one origin the actor sees: open ones first by due date, then done ones."""
    qs = visible_to(actor, ImprovementAction.objects.filter(origin=origin)).select_related(
        "owner", "department"
    )
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.order_by("done_at", "due_on", "id")


def improvement_counts(actor: User, origin: str) -> dict[str, int]:
    qs = visible_to(actor, ImprovementAction.objects.filter(origin=origin))
    today = timezone.localdate()
    return {
        "open": qs.filter(done_at__isnull=True).count(),
        "overdue": qs.filter(done_at__isnull=True, due_on__lt=today).count(),
        "done": qs.filter(done_at__isnull=False).count(),
    }
