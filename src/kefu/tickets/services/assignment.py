"""Who works a ticket: manual assignment and assignment by load. Deadlines follow the owner."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Role, Team, User
from kefu.core.permissions import SUPERVISORS, require
from kefu.sla.services import assign_deadlines
from kefu.tickets.models import OPEN_STATUSES, Ticket
from kefu.tickets.services.flow import begin, emit, save
from kefu.tickets.workflow import WORKFLOW

# Roles a ticket can be assigned to: the desk's agents and, for technical work, engineers.
ASSIGNABLE = frozenset({Role.AGENT, Role.TECH_SUPPORT}) | SUPERVISORS


def pick_agent(team: Team | int | None) -> User | None:
    """The active agent of ``team`` (any team when None) with the fewest open tickets; on a
    tie, the one whose last assignment is oldest (never assigned counts as oldest)."""
    agents = User.objects.filter(role=Role.AGENT, is_active=True)
    agents = agents.filter(team=team) if team is not None else agents.filter(team__isnull=False)
    return (
        agents.annotate(
            load=Count("assigned_tickets", filter=Q(assigned_tickets__status__in=OPEN_STATUSES)),
            last_assigned=Max("assigned_tickets__assigned_at"),
        )
        .order_by("load", F("last_assigned").asc(nulls_first=True), "pk")
        .first()
    )


def set_assignee(ticket: Ticket, assignee: User | None) -> None:
    """Give the ticket to ``assignee`` (and their team); its open deadlines follow."""
    ticket.assignee = assignee
    ticket.assigned_at = timezone.now() if assignee is not None else None
    if assignee is not None and assignee.team_id is not None:
        ticket.team_id = assignee.team_id
    save(ticket, ["assignee", "assigned_at", "team"])
    assign_deadlines(subject=ticket, owner=assignee, team=ticket.team)


def _check_assignee(actor: User, assignee: User | None) -> None:
    if assignee is None:
        return
    if not assignee.is_active or assignee.role not in ASSIGNABLE:
        raise InvalidInput(
            "invalid_assignee",
            _("Tickets can be assigned to active staff only."),
            {"assignee": _("Not assignable.")},
        )
    if (
        actor.role not in SUPERVISORS
        and assignee.pk != actor.pk
        and (actor.team_id is None or assignee.team_id != actor.team_id)
    ):
        raise Forbidden(
            "assign_outside_team",
            _("Agents may assign tickets only to themselves or their teammates."),
        )


@transaction.atomic
def assign_ticket(
    *, actor: User, ticket: Ticket, assignee: User | None, version: int | None = None
) -> Ticket:
    """Give the ticket to ``assignee`` (None: back to the team's pool); deadlines follow.

    Agents assign within their team; supervisors anywhere.
    """
    locked, _state = begin(actor, ticket, "assign", version=version)
    _check_assignee(actor, assignee)
    set_assignee(locked, assignee)
    record_audit(
        actor=actor,
        action="ticket.assigned",
        subject=locked,
        data={"assignee": assignee.pk if assignee else None, "team": locked.team_id},
    )
    emit(
        "ticket.assigned",
        locked,
        actor,
        assignee_id=locked.assignee_id,
        team_id=locked.team_id,
        automatic=False,
    )
    return locked


@transaction.atomic
def auto_assign_ticket(*, actor: User, ticket: Ticket, team: Team | None = None) -> Ticket:
    """Give the ticket to the agent of ``team`` (default: the ticket's) with the fewest open
    tickets, ties to the longest idle. Refused when the team has no active agent."""
    require(actor, "ticket.auto_assign", ticket)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    WORKFLOW.next_state(locked.status, "assign", actor)
    agent = pick_agent(team or locked.team)
    if agent is None:
        raise Conflict("no_agent_available", _("No active agent in that team can take it."))
    set_assignee(locked, agent)
    record_audit(
        actor=actor,
        action="ticket.assigned",
        subject=locked,
        data={"assignee": agent.pk, "team": locked.team_id, "automatic": True},
    )
    emit(
        "ticket.assigned",
        locked,
        actor,
        assignee_id=agent.pk,
        team_id=locked.team_id,
        automatic=True,
    )
    return locked
