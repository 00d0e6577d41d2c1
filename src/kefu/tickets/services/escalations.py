"""Escalation (升级, A-09): hand a ticket up with a reason; the answer is due in 10 minutes.

003 §3.2 场景三: 告知客户“我会立即将您的情况反馈给主管，10分钟内给您回复” — the 10 minutes
are the ``ticket.escalation.answer`` policy.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import Conflict, InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.sla.services import meet_deadline, start_deadline
from kefu.tickets.models import Escalation, EscalationTarget, Ticket
from kefu.tickets.permissions import ANSWERERS
from kefu.tickets.services import deadlines
from kefu.tickets.services.flow import begin, clean_choice, clean_text, emit

TEXT_MAX = 2000


@transaction.atomic
def escalate_ticket(
    *, actor: User, ticket: Ticket, target: str, reason: str, to_user: User | None = None
) -> Escalation:
    """Escalate to a supervisor, a manager or tech support, optionally to one person; the
    answer falls due under ``ticket.escalation.answer``. Escalating to tech support lets the
    engineers see the ticket. Implements A-09.
    """
    locked, _state = begin(actor, ticket, "escalate")
    target = clean_choice(target, EscalationTarget, "target")
    reason = clean_text(reason, "reason", max_length=TEXT_MAX)
    if to_user is not None and (not to_user.is_active or to_user.role not in ANSWERERS[target]):
        raise InvalidInput(
            "invalid_escalation_user",
            _("That person cannot answer an escalation of this kind."),
            {"to_user": _("Not a possible addressee.")},
        )
    if locked.escalations.filter(target=target, answered_at__isnull=True).exists():
        raise Conflict(
            "already_escalated",
            _("This ticket is already escalated there and waiting for an answer."),
        )
    escalation = Escalation.objects.create(
        ticket=locked, target=target, to_user=to_user, reason=reason, created_by=actor
    )
    start_deadline(
        kind=deadlines.ESCALATION_ANSWER,
        subject=escalation,
        started_at=escalation.created_at,
        owner=to_user,
        team=locked.team,
    )
    deadlines.refresh_next_due(locked)
    emit(
        "ticket.escalated",
        locked,
        actor,
        escalation_id=escalation.pk,
        target=target,
        to_user_id=to_user.pk if to_user else None,
    )
    return escalation


@transaction.atomic
def answer_escalation(*, actor: User, escalation: Escalation, answer: str) -> Escalation:
    """Record the supervisor's (manager's, engineer's) answer; meets the 10-minute deadline,
    or records it breached when late. Implements A-09.
    """
    require(actor, "ticket.answer_escalation", escalation)
    locked = Escalation.objects.select_for_update().select_related("ticket").get(pk=escalation.pk)
    if locked.answered_at is not None:
        raise Conflict("already_answered", _("This escalation has already been answered."))
    locked.answer = clean_text(answer, "answer", max_length=TEXT_MAX)
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    meet_deadline(kind=deadlines.ESCALATION_ANSWER, subject=locked, at=locked.answered_at)
    deadlines.refresh_next_due(locked.ticket)
    emit(
        "ticket.escalation_answered",
        locked.ticket,
        actor,
        escalation_id=locked.pk,
        target=locked.target,
    )
    return locked
