"""The ticket's timed promises: which policy each channel answers to, and the queue's sort key.

Every duration is an sla Policy row (000 §三(一) 响应时效); this module only picks the row and
keeps ``Ticket.next_due_at`` equal to the earliest unmet deadline of the ticket and of its
unanswered escalations.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import CharField, Min, Q
from django.db.models.functions import Cast
from django.utils import timezone

from kefu.core.models import Channel
from kefu.sla.models import Deadline
from kefu.sla.services import meet_deadlines, plan_deadline
from kefu.tickets.models import NO_DEADLINE, Escalation, Ticket

ONLINE_FIRST_RESPONSE = "ticket.online.first_response"
OFFLINE_FIRST_RESPONSE = "ticket.offline.first_response"
WRITTEN_FIRST_RESPONSE = "ticket.written.first_response"
PROMISED_RESOLUTION = "ticket.promised_resolution"
ESCALATION_ANSWER = "ticket.escalation.answer"

# 线上售后(微信、APP): 工作日内1小时内回复；非工作日24小时内回复 — 线下售后(门店、电话):
# 门店客户需立即接待；电话咨询需在3声铃响内接听. Email and SMS are written like online.
FIRST_RESPONSE_POLICY = {
    Channel.WEB: ONLINE_FIRST_RESPONSE,
    Channel.WECHAT: ONLINE_FIRST_RESPONSE,
    Channel.APP: ONLINE_FIRST_RESPONSE,
    Channel.PHONE: OFFLINE_FIRST_RESPONSE,
    Channel.STORE: OFFLINE_FIRST_RESPONSE,
    Channel.EMAIL: WRITTEN_FIRST_RESPONSE,
    Channel.SMS: WRITTEN_FIRST_RESPONSE,
}
FIRST_RESPONSE_KINDS = frozenset(FIRST_RESPONSE_POLICY.values())
# On the phone or at the counter the agent who records the ticket is the one answering.
FACE_TO_FACE = frozenset({Channel.PHONE, Channel.STORE})

TICKET = Ticket._meta.label_lower
ESCALATION = Escalation._meta.label_lower


def unmet(ticket: Ticket) -> Q:
    """Deadlines of the ticket and of its open escalations that are not yet met."""
    escalations = Escalation.objects.filter(ticket=ticket, answered_at__isnull=True).values_list(
        Cast("pk", CharField()), flat=True
    )
    subjects = Q(subject_type=TICKET, subject_id=str(ticket.pk)) | Q(
        subject_type=ESCALATION, subject_id__in=escalations
    )
    return subjects & Q(met_at__isnull=True, cancelled_at__isnull=True)


def refresh_next_due(ticket: Ticket) -> None:
    """Set ``next_due_at`` to the earliest unmet deadline (None when nothing is due) and the
    queue's sort key with it (NO_DEADLINE when nothing is due; None once closed or merged)."""
    due = None
    if ticket.is_open:
        due = Deadline.objects.filter(unmet(ticket)).aggregate(due=Min("due_at"))["due"]
    queue = (due or NO_DEADLINE) if ticket.is_open else None
    Ticket.objects.filter(pk=ticket.pk).update(next_due_at=due, queue_due_at=queue)
    ticket.next_due_at, ticket.queue_due_at = due, queue


def start_ticket_deadline(
    kind: str,
    ticket: Ticket,
    *,
    started_at: datetime | None = None,
    due_at: datetime | None = None,
) -> Deadline:
    """Open ``kind`` for the ticket, owned by its assignee and team.

    ``due_at`` is a time the agent chose ("明天下午前"); the policy still gives the warning lead.
    """
    row = plan_ticket_deadline(kind, ticket, started_at=started_at, due_at=due_at)
    row.subject_id = str(ticket.pk)
    row.save(force_insert=True)
    return row


def plan_ticket_deadline(
    kind: str,
    ticket: Ticket,
    *,
    started_at: datetime | None = None,
    due_at: datetime | None = None,
) -> Deadline:
    """``kind`` for the ticket computed, not yet saved (the ticket may not have a pk yet)."""
    return plan_deadline(
        kind=kind,
        subject_type=TICKET,
        started_at=started_at,
        owner_id=ticket.assignee_id,
        team_id=ticket.team_id,
        due_at=due_at,
    )


def open_deadline(ticket: Ticket, kinds: Iterable[str]) -> Deadline | None:
    return (
        Deadline.objects.for_subject(ticket)
        .filter(kind__in=list(kinds), met_at__isnull=True, cancelled_at__isnull=True)
        .order_by("due_at")
        .first()
    )


def settle(ticket: Ticket, kinds: Iterable[str] | None = None, at: datetime | None = None) -> int:
    """Record the ticket's unmet deadlines (of ``kinds``, or all) as kept now; late ones stay
    breached. Returns how many were settled."""
    return len(meet_deadlines(subject=ticket, kinds=kinds, at=at or timezone.now()))
