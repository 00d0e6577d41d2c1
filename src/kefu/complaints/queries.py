"""Shared reads of the complaints app, each scoped by ``visible_to``: lists, one complaint, the
actions a user may take, files, improvement actions and incidents."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from kefu.complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    ConfirmationLink,
    Incident,
    Plan,
    PlanStatus,
)
from kefu.complaints.workflow import WORKFLOW
from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import allowed, visible_to
from kefu.quality import improvements
from kefu.quality.models import ImprovementAction, Origin
from kefu.sla.models import Deadline
from kefu.tickets.models import Ticket

RELATED = (
    "customer",
    "owner",
    "team",
    "responsible_department",
    "responsible_person",
    "order",
    "order_item__product",
    "ticket",
    "created_by",
)


def complaint_list(
    actor: User,
    *,
    status: str | None = None,
    mine: bool = False,
    crisis: bool | None = None,
    malicious: bool | None = None,
    number: str = "",
) -> QuerySet[Complaint]:
    """Complaints ``actor`` sees, newest first. ``status`` is a state, ``"open"`` or None (all)."""
    qs = visible_to(actor, Complaint.objects.all()).select_related("customer", "owner", "team")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(owner=actor)
    if crisis is not None:
        qs = qs.filter(crisis=crisis)
    if malicious is not None:
        qs = qs.filter(malicious=malicious)
    if number.strip():
        qs = qs.filter(number=number.strip().upper())
    return qs.order_by("-received_at", "-id")


def customer_complaints(actor: User, customer_id: int, *, limit: int = 20) -> list[Complaint]:
    """The customer's complaints ``actor`` may see, newest first (the customer 360 panel)."""
    qs = visible_to(actor, Complaint.objects.filter(customer_id=customer_id))
    return list(qs.select_related("owner").order_by("-received_at", "-id")[:limit])


def complaint_detail(actor: User, number: str) -> Complaint:
    """The complaint numbered ``number`` if ``actor`` may see it; 404 otherwise."""
    row = (
        visible_to(actor, Complaint.objects.all())
        .select_related(*RELATED)
        .filter(number=str(number).strip().upper())
        .first()
    )
    if row is None:
        raise NotFound("complaint_not_found", _("No such complaint."))
    return row


def _possible(actor: User, complaint: Complaint, action: str) -> bool:
    """Conditions beyond the state table that decide whether a button makes sense."""
    if action == "approve":
        return (
            Plan.objects.filter(complaint=complaint, status=PlanStatus.PROPOSED)
            .exclude(proposed_by=actor)
            .exists()
        )
    if action in ("close_malicious", "clear_malicious"):
        return complaint.malicious
    if action == "flag_malicious":
        return not complaint.malicious
    return True


def allowed_actions(actor: User, complaint: Complaint) -> list[str]:
    """The actions ``actor`` may take on the complaint now, in the state table's order."""
    return [
        action
        for action in WORKFLOW.allowed_actions(complaint.status, actor)
        if allowed(actor, f"complaint.{action}", complaint) and _possible(actor, complaint, action)
    ]


def plans(complaint: Complaint) -> list[Plan]:
    return list(
        Plan.objects.filter(complaint=complaint).select_related("proposed_by", "approved_by")
    )


def messages(complaint: Complaint) -> list[ComplaintMessage]:
    return list(ComplaintMessage.objects.filter(complaint=complaint).select_related("author"))


def attachments(complaint: Complaint) -> list[ComplaintAttachment]:
    return list(ComplaintAttachment.objects.filter(complaint=complaint))


def deadlines(complaint: Complaint) -> list[Deadline]:
    return list(Deadline.objects.for_subject(complaint).select_related("policy").order_by("due_at"))


def latest_link(complaint: Complaint) -> ConfirmationLink | None:
    return (
        ConfirmationLink.objects.filter(complaint=complaint).order_by("-created_at", "-id").first()
    )


def attachment_for(
    actor: User, attachment_id: int, *, complaint: Complaint | None = None
) -> ComplaintAttachment:
    """A file of a complaint ``actor`` may see (of ``complaint`` when given); 404 otherwise."""
    qs = visible_to(actor, ComplaintAttachment.objects.all()).filter(pk=attachment_id)
    row = qs.filter(complaint=complaint).first() if complaint is not None else qs.first()
    if row is None:
        raise NotFound("attachment_not_found", _("No such file."))
    return row


def improvement_list(actor: User, *, open_only: bool = False) -> QuerySet[ImprovementAction]:
    """Improvement actions: open ones first by due date, then done ones."""
    return improvements.improvement_actions(actor, Origin.COMPLAINTS, open_only=open_only)


def improvement_counts(actor: User) -> dict[str, int]:
    return improvements.improvement_counts(actor, Origin.COMPLAINTS)


def incident_list(actor: User) -> QuerySet[Incident]:
    return (
        visible_to(actor, Incident.objects.all())
        .annotate(
            ticket_count=Count("ticket_links", distinct=True),
            complaint_count=Count("complaint_links", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def incident_detail(actor: User, incident_id: int) -> Incident:
    row = visible_to(actor, Incident.objects.all()).filter(pk=incident_id).first()
    if row is None:
        raise NotFound("incident_not_found", _("No such incident."))
    return row


def incident_tickets(actor: User, incident: Incident) -> QuerySet[Ticket]:
    """The linked tickets the actor may see."""
    return visible_to(actor, Ticket.objects.filter(incidents=incident)).select_related("customer")


def incident_complaints(actor: User, incident: Incident) -> QuerySet[Complaint]:
    return visible_to(actor, Complaint.objects.filter(incidents=incident)).select_related(
        "customer"
    )


def published_announcement(public_id: str) -> Incident:
    """A published announcement by its public id; 404 for anything else."""
    try:
        key = UUID(str(public_id))
    except ValueError:
        raise NotFound("announcement_not_found", _("No such announcement.")) from None
    row = Incident.objects.filter(public_id=key, published_at__isnull=False).first()
    if row is None:
        raise NotFound("announcement_not_found", _("No such announcement."))
    return row
