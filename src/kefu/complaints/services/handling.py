"""Working a complaint up to its plans: contact, judgment, investigation, classification, owner.

投訴判斷 (004 §六 (2)): 如果投訴不能成立，即可以婉轉的方式答覆客戶，取得客戶的諒解；如果投訴成立，
則根據顧客投訴資訊確定被投訴的責任部門，並請顧客給予一定時間展開調查.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.classification import owner_for, priority_of
from kefu.complaints.models import (
    CRISIS_SOURCES,
    Complaint,
    ComplaintMessage,
    Direction,
    Nature,
    Outcome,
    Scope,
    Source,
    Urgency,
)
from kefu.complaints.services.flow import (
    FIRST_CONTACT,
    INVESTIGATION,
    begin,
    clean_choice,
    clean_text,
    emit,
    save,
    settle,
    start_complaint_deadline,
)
from kefu.complaints.services.intake import escalate_crisis
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import Channel, Department, Role, User
from kefu.core.permissions import STAFF
from kefu.sla.services import assign_deadlines

NOTE_MAX = 5000
JUDGED = ["valid", "judged_at", "judged_by", "judgment_note"]


def _department(department_id: int | None, *, required: bool) -> Department | None:
    if department_id is None:
        if required:
            message = _("Choose the responsible department.")
            raise InvalidInput("department_required", message, {"department_id": message})
        return None
    row = Department.objects.filter(pk=department_id).first()
    if row is None:
        message = _("No such department.")
        raise InvalidInput("unknown_department", message, {"department_id": message})
    return row


def _staff(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True, role__in=STAFF).first()
    if user is None:
        message = _("Choose an active member of staff.")
        raise InvalidInput("unknown_user", message, {field: message})
    return user


def _message(
    complaint: Complaint, actor: User, body: str, direction: str, channel: str = ""
) -> ComplaintMessage:
    return ComplaintMessage.objects.create(
        complaint=complaint,
        direction=direction,
        body=body,
        author=actor,
        channel=channel or complaint.channel,
    )


@transaction.atomic
def contact_complainant(
    *, actor: User, complaint: Complaint, note: str, channel: str = "", version: int | None = None
) -> Complaint:
    """Record the first contact with the complainant (what was said) and keep the first-contact
    deadline. Implements K-02."""
    locked, state = begin(actor, complaint, "contact", version=version)
    text = clean_text(note, "note", max_length=NOTE_MAX)
    channel = clean_choice(channel, Channel, "channel") if channel else locked.channel
    now = timezone.now()
    _message(locked, actor, text, Direction.OUTBOUND, channel)
    locked.status, locked.first_contacted_at = state, now
    save(locked, ["status", "first_contacted_at"])
    settle(locked, FIRST_CONTACT, now)
    record_audit(actor=actor, action="complaint.contacted", subject=locked)
    emit("complaint.contacted", locked, actor, channel=channel)
    return locked


@transaction.atomic
def accept_complaint(
    *,
    actor: User,
    complaint: Complaint,
    department_id: int | None,
    note: str = "",
    version: int | None = None,
) -> Complaint:
    """Judge the complaint valid: name the responsible department and promise the customer an
    investigation time from ``complaint.investigation``; the customer is told. Implements K-03."""
    locked, state = begin(actor, complaint, "accept", version=version)
    department = _department(department_id, required=True)
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    now = timezone.now()
    deadline = start_complaint_deadline(INVESTIGATION, locked, started_at=now)
    locked.status, locked.valid, locked.judged_at, locked.judged_by = state, True, now, actor
    locked.judgment_note, locked.responsible_department = note, department
    locked.investigation_due_at = deadline.due_at
    save(locked, ["status", *JUDGED, "responsible_department", "investigation_due_at"])
    department_id = department.pk if department else None
    record_audit(
        actor=actor, action="complaint.accepted", subject=locked, data={"department": department_id}
    )
    emit(
        "complaint.accepted",
        locked,
        actor,
        department_id=department_id,
        investigation_due_at=deadline.due_at.isoformat(),
    )
    return locked


@transaction.atomic
def dismiss_complaint(
    *, actor: User, complaint: Complaint, explanation: str, version: int | None = None
) -> Complaint:
    """Judge the complaint not valid: the polite explanation given to the customer is recorded
    and sent, and the complaint is closed. Implements K-03."""
    locked, state = begin(actor, complaint, "dismiss", version=version)
    text = clean_text(explanation, "explanation", max_length=NOTE_MAX)
    now = timezone.now()
    locked.status, locked.outcome, locked.closed_at = state, Outcome.NOT_VALID, now
    locked.valid, locked.judged_at, locked.judged_by, locked.judgment_note = False, now, actor, text
    save(
        locked,
        ["status", "outcome", "closed_at", "valid", "judged_at", "judged_by", "judgment_note"],
    )
    _message(locked, actor, text, Direction.OUTBOUND)
    record_audit(actor=actor, action="complaint.dismissed", subject=locked)
    emit("complaint.dismissed", locked, actor)
    return locked


@transaction.atomic
def start_investigation(
    *, actor: User, complaint: Complaint, version: int | None = None
) -> Complaint:
    """Begin finding the cause (展開調查，分析投訴原因). Implements K-05."""
    locked, state = begin(actor, complaint, "investigate", version=version)
    locked.status = state
    save(locked, ["status"])
    record_audit(actor=actor, action="complaint.investigation_started", subject=locked)
    emit("complaint.investigation_started", locked, actor)
    return locked


@transaction.atomic
def record_findings(
    *,
    actor: User,
    complaint: Complaint,
    cause: str,
    responsible_person_id: int | None = None,
    department_id: int | None = None,
    version: int | None = None,
) -> Complaint:
    """Record the cause and who is responsible (person and/or department). Implements K-05."""
    locked, _state = begin(actor, complaint, "record_findings", version=version)
    locked.cause = clean_text(cause, "cause", max_length=NOTE_MAX)
    locked.responsible_person = _staff(responsible_person_id, "responsible_person_id")
    department = _department(department_id, required=False)
    locked.responsible_department = department or locked.responsible_department
    locked.investigated_at = timezone.now()
    save(locked, ["cause", "responsible_person", "responsible_department", "investigated_at"])
    record_audit(
        actor=actor,
        action="complaint.findings_recorded",
        subject=locked,
        data={
            "person": locked.responsible_person_id,
            "department": locked.responsible_department_id,
        },
    )
    emit("complaint.findings_recorded", locked, actor, timeline=False)
    return locked


@transaction.atomic
def classify_complaint(
    *,
    actor: User,
    complaint: Complaint,
    nature: str,
    urgency: str,
    scope: str,
    version: int | None = None,
) -> Complaint:
    """Set nature, urgency and scope; the table in ``classification.py`` sets the priority and,
    when the owner is not senior enough for it, a new owner. Implements K-04."""
    locked, _state = begin(actor, complaint, "classify", version=version)
    locked.nature = clean_choice(nature, Nature, "nature")
    locked.urgency = clean_choice(urgency, Urgency, "urgency")
    locked.scope = clean_choice(scope, Scope, "scope")
    locked.priority = priority_of(locked.urgency, locked.scope, crisis=locked.crisis)
    owner = owner_for(locked.priority, locked.owner, locked.team)
    moved = owner != locked.owner
    locked.owner = owner
    save(locked, ["nature", "urgency", "scope", "priority", "owner"])
    if moved:
        assign_deadlines(subject=locked, owner=owner, team=locked.team)
    record_audit(
        actor=actor,
        action="complaint.classified",
        subject=locked,
        data={"nature": locked.nature, "priority": locked.priority, "owner": locked.owner_id},
    )
    emit("complaint.classified", locked, actor, nature=locked.nature, priority=locked.priority)
    return locked


@transaction.atomic
def assign_complaint(
    *, actor: User, complaint: Complaint, owner_id: int, version: int | None = None
) -> Complaint:
    """Give the complaint to another member of staff; its open deadlines follow."""
    locked, _state = begin(actor, complaint, "assign", version=version)
    owner = _staff(owner_id, "owner_id")
    if owner is None or owner.role == Role.TECH_SUPPORT:
        message = _("Complaints are owned by agents, supervisors or managers.")
        raise InvalidInput("invalid_owner", message, {"owner_id": message})
    locked.owner = owner
    save(locked, ["owner"])
    assign_deadlines(subject=locked, owner=owner, team=locked.team)
    record_audit(actor=actor, action="complaint.assigned", subject=locked, data={"owner": owner.pk})
    emit("complaint.assigned", locked, actor, timeline=False, owner_id=owner.pk)
    return locked


@transaction.atomic
def escalate_complaint(
    *,
    actor: User,
    complaint: Complaint,
    source: str,
    source_detail: str = "",
    version: int | None = None,
) -> Complaint:
    """The complaint went public (platform, 12315, media, court): escalate it to a manager
    at once. Implements K-11."""
    locked, _state = begin(actor, complaint, "escalate", version=version)
    if source not in CRISIS_SOURCES:
        message = _("Choose where the complaint was made public.")
        raise InvalidInput("not_a_crisis_source", message, {"source": message})
    locked.source = clean_choice(source, Source, "source")
    locked.source_detail = clean_text(
        source_detail, "source_detail", max_length=100, required=False
    )
    save(locked, ["source", "source_detail"])
    escalate_crisis(actor, locked)
    return locked


@transaction.atomic
def record_conversation(
    *,
    actor: User,
    complaint: Complaint,
    body: str,
    direction: str = Direction.OUTBOUND,
    channel: str = "",
) -> ComplaintMessage:
    """Keep what the customer said or what we said (沟通记录); evidence for K-10."""
    locked, _state = begin(actor, complaint, "converse")
    text = clean_text(body, "body", max_length=NOTE_MAX)
    direction = clean_choice(direction, Direction, "direction")
    channel = clean_choice(channel, Channel, "channel") if channel else locked.channel
    message = _message(locked, actor, text, direction, channel)
    emit(
        "complaint.conversation_recorded",
        locked,
        actor,
        timeline=False,
        message_id=message.pk,
        direction=direction,
    )
    return message


__all__ = [
    "accept_complaint",
    "assign_complaint",
    "classify_complaint",
    "contact_complainant",
    "dismiss_complaint",
    "escalate_complaint",
    "record_conversation",
    "record_findings",
    "start_investigation",
]
