"""Incidents (A-11): many tickets and complaints about one mass problem, one message to every
affected customer (once each, through the outbox), one published announcement."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.models import (
    Complaint,
    Incident,
    IncidentComplaint,
    IncidentKind,
    IncidentMessage,
    IncidentTicket,
)
from kefu.complaints.services.flow import clean_choice, clean_text
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.events import record_event
from kefu.core.models import User
from kefu.core.permissions import require, visible_to
from kefu.tickets.models import Ticket

TEXT_MAX = 5000
MESSAGE_MAX = 500  # an SMS-sized notice
MAX_LINKS = 500


@transaction.atomic
def create_incident(*, actor: User, title: str, kind: str, description: str = "") -> Incident:
    """Open an incident: wrong batch shipped, product defect, system failure. Implements A-11."""
    require(actor, "incident.create")
    row = Incident.objects.create(
        title=clean_text(title, "title", max_length=200),
        kind=clean_choice(kind, IncidentKind, "kind"),
        description=clean_text(description, "description", max_length=TEXT_MAX, required=False),
        created_by=actor,
    )
    record_audit(actor=actor, action="incident.created", subject=row, data={"kind": row.kind})
    record_event("incident.created", subject=row, actor=actor, payload={"kind": row.kind})
    return row


def _numbers(numbers: list[str], field: str) -> list[str]:
    cleaned = list(dict.fromkeys(n.strip().upper() for n in numbers if n and n.strip()))
    if not cleaned or len(cleaned) > MAX_LINKS:
        message = _("Give from 1 to %(n)s numbers.") % {"n": MAX_LINKS}
        raise InvalidInput("link_count", message, {field: message})
    return cleaned


def _missing(found: set[str], wanted: list[str], field: str) -> None:
    missing = [n for n in wanted if n not in found]
    if missing:
        message = _("Not found: %(numbers)s") % {"numbers": ", ".join(missing[:20])}
        raise InvalidInput("unknown_numbers", message, {field: message})


@transaction.atomic
def link_tickets(*, actor: User, incident: Incident, numbers: list[str]) -> int:
    """Link tickets (by number) the actor may see; already linked ones are skipped. Returns
    how many were newly linked; an unknown number refuses the whole call. Implements A-11."""
    require(actor, "incident.link")
    wanted = _numbers(numbers, "numbers")
    tickets = list(visible_to(actor, Ticket.objects.all()).filter(number__in=wanted))
    _missing({t.number for t in tickets}, wanted, "numbers")
    linked = set(incident.ticket_links.values_list("ticket_id", flat=True))
    new = [t for t in tickets if t.pk not in linked]
    IncidentTicket.objects.bulk_create(
        [IncidentTicket(incident=incident, ticket=t, linked_by=actor) for t in new],
        ignore_conflicts=True,  # a concurrent link of the same ticket is not an error
    )
    record_audit(
        actor=actor,
        action="incident.tickets_linked",
        subject=incident,
        data={"tickets": [t.pk for t in tickets]},
    )
    record_event(
        "incident.linked",
        subject=incident,
        actor=actor,
        payload={"tickets": [t.number for t in tickets]},
    )
    return len(new)


@transaction.atomic
def link_complaints(*, actor: User, incident: Incident, numbers: list[str]) -> int:
    """Link complaints (by number) the actor may see, as ``link_tickets``. Implements A-11."""
    require(actor, "incident.link")
    wanted = _numbers(numbers, "numbers")
    complaints = list(visible_to(actor, Complaint.objects.all()).filter(number__in=wanted))
    _missing({c.number for c in complaints}, wanted, "numbers")
    linked = set(incident.complaint_links.values_list("complaint_id", flat=True))
    new = [c for c in complaints if c.pk not in linked]
    IncidentComplaint.objects.bulk_create(
        [IncidentComplaint(incident=incident, complaint=c, linked_by=actor) for c in new],
        ignore_conflicts=True,
    )
    record_audit(
        actor=actor,
        action="incident.complaints_linked",
        subject=incident,
        data={"complaints": [c.pk for c in complaints]},
    )
    record_event(
        "incident.linked",
        subject=incident,
        actor=actor,
        payload={"complaints": [c.number for c in complaints]},
    )
    return len(new)


def affected_customer_ids(incident: Incident) -> list[int]:
    """Every customer of a linked ticket or complaint, each once, in id order."""
    ids = set(Ticket.objects.filter(incidents=incident).values_list("customer_id", flat=True))
    ids |= set(Complaint.objects.filter(incidents=incident).values_list("customer_id", flat=True))
    return sorted(ids)


@transaction.atomic
def message_affected_customers(*, actor: User, incident: Incident, body: str) -> IncidentMessage:
    """Tell every affected customer at once: one notice per customer however many of their
    tickets and complaints are linked, sent through the outbox. Implements A-11."""
    require(actor, "incident.message")
    text = clean_text(body, "body", max_length=MESSAGE_MAX)
    customers = affected_customer_ids(incident)
    if not customers:
        message = _("Link the affected tickets or complaints first.")
        raise InvalidInput("no_customers", message, {"body": message})
    row = IncidentMessage.objects.create(
        incident=incident, body=text, customer_ids=customers, sent_by=actor
    )
    record_audit(
        actor=actor,
        action="incident.customers_messaged",
        subject=incident,
        data={"message": row.pk, "customers": len(customers)},
    )
    record_event(
        "incident.customers_messaged",
        subject=incident,
        actor=actor,
        payload={"message_id": row.pk, "customers": len(customers)},
    )
    return row


@transaction.atomic
def publish_announcement(*, actor: User, incident: Incident, text: str) -> Incident:
    """Publish the incident's one announcement on its public page (republishing replaces the
    text). Implements A-11."""
    require(actor, "incident.publish")
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    locked.announcement = clean_text(text, "text", max_length=TEXT_MAX)
    locked.published_at, locked.published_by = timezone.now(), actor
    locked.save(update_fields=["announcement", "published_at", "published_by"])
    record_audit(actor=actor, action="incident.announced", subject=locked)
    record_event(
        "incident.announced",
        subject=locked,
        actor=actor,
        payload={"public_id": str(locked.public_id)},
    )
    return locked
