"""Who sees which tickets and who may take each action, as data for the one policy (P-01).

Agents see their team's tickets and the ones assigned to them; tech support engineers see
tickets escalated to tech support (or to them) and the ones assigned to them; supervisors,
managers and admins see all. Each action's roles come from the state table.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kefu.core.models import Role, User
from kefu.core.permissions import MANAGERS, SUPERVISORS, register, register_scope
from kefu.tickets.models import (
    Attachment,
    Escalation,
    EscalationTarget,
    Solution,
    Ticket,
    TicketMessage,
)
from kefu.tickets.workflow import DESK, WORKFLOW

# Who may answer an escalation to each target (003 §3.2 场景三: 上报处理).
ANSWERERS = {
    EscalationTarget.SUPERVISOR: SUPERVISORS,
    EscalationTarget.MANAGER: MANAGERS,
    EscalationTarget.TECH_SUPPORT: frozenset({Role.TECH_SUPPORT}) | MANAGERS,
}


def _escalated_to(actor: User) -> Q:
    return Q(target=EscalationTarget.TECH_SUPPORT) | Q(to_user_id=actor.pk)


def ticket_q(actor: User, prefix: str = "") -> Q:
    """The condition on tickets (reached through ``prefix``, e.g. ``"ticket__"``) ``actor`` sees."""
    if actor.role in SUPERVISORS:
        return Q()
    mine = Q(**{f"{prefix}assignee_id": actor.pk})
    if actor.role == Role.TECH_SUPPORT:
        escalated = Escalation.objects.filter(
            _escalated_to(actor), ticket_id=OuterRef(f"{prefix}pk")
        )
        return mine | Q(Exists(escalated))
    if actor.team_id is None:
        return mine
    return mine | Q(**{f"{prefix}team_id": actor.team_id})


def sees_ticket(actor: User, ticket: Ticket) -> bool:
    """The object form of ``ticket_q``."""
    if actor.role in SUPERVISORS or ticket.assignee_id == actor.pk:
        return True
    if actor.role == Role.TECH_SUPPORT:
        return Escalation.objects.filter(_escalated_to(actor), ticket_id=ticket.pk).exists()
    return actor.team_id is not None and ticket.team_id == actor.team_id


def may_answer(actor: User, escalation: Escalation) -> bool:
    """The escalation's addressee, or anyone of the target's rank who sees the ticket."""
    if escalation.to_user_id is not None and escalation.to_user_id != actor.pk:
        return actor.role in MANAGERS
    return actor.role in ANSWERERS[escalation.target] and sees_ticket(actor, escalation.ticket)


def _scoped_through_ticket(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    if actor.role in SUPERVISORS:
        return qs
    return qs.filter(ticket__in=Ticket.objects.filter(ticket_q(actor)))


register("ticket.view", roles=frozenset(Role.values), check=sees_ticket)
register("ticket.open", roles=DESK)
register("ticket.auto_assign", roles=SUPERVISORS)
register(
    "ticket.answer_escalation", roles=frozenset({Role.TECH_SUPPORT}) | SUPERVISORS, check=may_answer
)
for _action in sorted(WORKFLOW.actions):
    register(
        f"ticket.{_action}",
        roles=frozenset().union(*(t.roles for t in WORKFLOW.transitions if t.action == _action)),
        check=sees_ticket,
    )

register_scope(Ticket, lambda actor, qs: qs.filter(ticket_q(actor)))
for _model in (TicketMessage, Attachment, Solution, Escalation):
    register_scope(_model, _scoped_through_ticket)
