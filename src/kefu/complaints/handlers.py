"""Complaint and incident events → messages to the customer and in-app notices to staff, and
the labels of the customer 360 timeline.

有投訴即時受理 (004 §五): the customer hears that the complaint was received, when the
investigation will answer, or the polite explanation; managers hear of a crisis at once;
approvers hear of plans to approve; owners hear the approval and the customer's answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from kefu.complaints.models import Complaint, IncidentMessage, Plan, Source
from kefu.complaints.services.flow import FIRST_CONTACT
from kefu.core.models import Event, Role, User
from kefu.customers.models import Customer
from kefu.notify.models import MessageChannel
from kefu.notify.services import notify, notify_user_in_app
from kefu.sla.models import Deadline

LANGUAGE = "zh-hans"


def _brand() -> str:
    return settings.KEFU_BRAND


def _local(at: datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _complaint(event: Event) -> Complaint | None:
    return (
        Complaint.objects.select_related("customer", "owner", "responsible_department")
        .filter(pk=event.subject_id)
        .first()
    )


def _send_to_customer(
    event: Event,
    customer: Customer,
    template: str,
    values: dict[str, str],
    *,
    phone: str = "",
    email: str = "",
) -> None:
    phone, email = phone or customer.phone, email or customer.email
    channel, recipient = (MessageChannel.SMS, phone) if phone else (MessageChannel.EMAIL, email)
    if not recipient:
        return
    notify(
        event=event,
        channel=channel,
        recipient=recipient,
        template_event=template,
        language=LANGUAGE,
        customer_id=customer.pk,
        context={"brand": _brand(), "customer_name": customer.name, **values},
    )


def _first_contact_due(complaint: Complaint) -> datetime | None:
    row = Deadline.objects.for_subject(complaint).filter(kind=FIRST_CONTACT).first()
    return row.due_at if row else None


CUSTOMER_TEMPLATES = {
    "complaint.registered": "complaint.received",
    "complaint.accepted": "complaint.investigation_time",
    "complaint.dismissed": "complaint.explained",
}


def tell_customer(event: Event) -> None:
    """Queue the customer's message for ``event``: SMS to the contact phone, else email."""
    complaint = _complaint(event)
    if complaint is None:
        return
    with translation.override(LANGUAGE):
        values = {
            "complaint_number": complaint.number,
            "eta": _local(
                complaint.investigation_due_at
                if event.name == "complaint.accepted"
                else _first_contact_due(complaint)
            ),
            "department": str(complaint.responsible_department or ""),
            "explanation": complaint.judgment_note,
        }
    _send_to_customer(
        event,
        complaint.customer,
        CUSTOMER_TEMPLATES[event.name],
        values,
        phone=complaint.contact_phone,
        email=complaint.contact_email,
    )


def _tell_staff(
    event: Event,
    users: Iterable[User],
    template: str,
    values: dict[str, Any],
    *,
    email: bool = False,
) -> None:
    for user in users:
        notify_user_in_app(user=user, template_event=template, context=values, event=event)
        if email and user.email:
            notify(
                event=event,
                channel=MessageChannel.EMAIL,
                recipient=user.email,
                user=user,
                template_event=template,
                language=user.language or LANGUAGE,
                context=values,
            )


def tell_managers_of_crisis(event: Event) -> None:
    """危機公關: every active manager, in-app and by email, at once. Implements K-11."""
    complaint = _complaint(event)
    if complaint is None:
        return
    with translation.override(LANGUAGE):
        values = {
            "complaint_number": complaint.number,
            "source": str(Source(complaint.source).label),
            "source_detail": complaint.source_detail,
            "owner_name": complaint.owner.display_name if complaint.owner else "",
        }
    managers = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk")
    _tell_staff(event, managers, "complaint.crisis_escalated", values, email=True)


def approvers(complaint: Complaint, proposer_id: int | None) -> list[User]:
    """The supervisors of the complaint's team, else the managers; never the proposer."""
    active = User.objects.filter(is_active=True).exclude(pk=proposer_id).order_by("pk")
    team = (
        list(active.filter(role=Role.SUPERVISOR, team_id=complaint.team_id))
        if complaint.team_id
        else []
    )
    return team or list(active.filter(Q(role=Role.MANAGER)))


def ask_for_approval(event: Event) -> None:
    complaint = _complaint(event)
    if complaint is None:
        return
    values = {
        "complaint_number": complaint.number,
        "count": len(event.payload.get("plan_ids", [])),
        "agent_name": event.actor.display_name if event.actor else "",
    }
    _tell_staff(event, approvers(complaint, event.actor_id), "complaint.approval_requested", values)


def tell_owner_of_approval(event: Event) -> None:
    complaint = _complaint(event)
    plan = Plan.objects.filter(pk=event.payload.get("plan_id")).first()
    if complaint is None or complaint.owner is None or plan is None:
        return
    values = {
        "complaint_number": complaint.number,
        "plan": plan.description[:200],
        "approver_name": event.actor.display_name if event.actor else "",
    }
    _tell_staff(event, [complaint.owner], "complaint.plan_approved", values)


ANSWERS = {
    "complaint.customer_accepted": gettext_lazy("accepted"),
    "complaint.customer_rejected": gettext_lazy("rejected"),
}


def tell_owner_of_answer(event: Event) -> None:
    complaint = _complaint(event)
    if complaint is None or complaint.owner is None or complaint.owner_id == event.actor_id:
        return
    plan = Plan.objects.filter(pk=event.payload.get("plan_id")).first()
    with translation.override(complaint.owner.language or LANGUAGE):
        values = {
            "complaint_number": complaint.number,
            "decision": str(ANSWERS[event.name]),
            "reason": plan.rejection_reason if plan else "",
        }
    _tell_staff(event, [complaint.owner], "complaint.customer_answered", values)


def message_incident_customers(event: Event) -> None:
    """One notice per affected customer, fixed when the message was sent. Implements A-11."""
    row = (
        IncidentMessage.objects.select_related("incident")
        .filter(pk=event.payload.get("message_id"))
        .first()
    )
    if row is None:
        return
    for customer in Customer.objects.filter(pk__in=row.customer_ids).order_by("pk"):
        _send_to_customer(
            event, customer, "incident.notice", {"title": row.incident.title, "message": row.body}
        )


HANDLERS = {
    **dict.fromkeys(CUSTOMER_TEMPLATES, tell_customer),
    "complaint.crisis_escalated": tell_managers_of_crisis,
    "complaint.plans_proposed": ask_for_approval,
    "complaint.plan_approved": tell_owner_of_approval,
    "complaint.customer_accepted": tell_owner_of_answer,
    "complaint.customer_rejected": tell_owner_of_answer,
    "incident.customers_messaged": message_incident_customers,
}

TIMELINE_LABELS = {
    "complaint.registered": gettext_lazy("Complaint %(number)s registered"),
    "complaint.contacted": gettext_lazy("Complainant contacted about %(number)s"),
    "complaint.accepted": gettext_lazy("Complaint %(number)s judged valid"),
    "complaint.dismissed": gettext_lazy("Complaint %(number)s judged not valid and explained"),
    "complaint.investigation_started": gettext_lazy("Investigation of %(number)s started"),
    "complaint.plans_proposed": gettext_lazy("Plans proposed for complaint %(number)s"),
    "complaint.plan_approved": gettext_lazy("Plan approved for complaint %(number)s"),
    "complaint.carried_out": gettext_lazy("Plan of complaint %(number)s carried out"),
    "complaint.confirmation_requested": gettext_lazy("Confirmation of %(number)s requested"),
    "complaint.customer_accepted": gettext_lazy("Customer accepted the plan of %(number)s"),
    "complaint.customer_rejected": gettext_lazy("Customer rejected the plan of %(number)s"),
    "complaint.followed_up": gettext_lazy("Follow-up of complaint %(number)s"),
    "complaint.closed": gettext_lazy("Complaint %(number)s closed"),
    "complaint.classified": gettext_lazy("Complaint %(number)s classified"),
    "complaint.attachment_added": gettext_lazy("File added to complaint %(number)s"),
}


def _register_timeline_labels() -> None:
    from kefu.customers.timeline import register_timeline_label

    for name, label in TIMELINE_LABELS.items():
        register_timeline_label(name, label)


_register_timeline_labels()
