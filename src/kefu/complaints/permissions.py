"""Who sees which complaints and who may take each action, as data for the one policy (P-01).

Agents see the complaints of their team, the ones they own and the ones they registered; tech
support engineers the ones they own or are named responsible for; supervisors, managers and
admins see all. The accountability note (追責) is for supervisors and managers only (K-07).
Each workflow action's roles come from the state table.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kefu.complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    ConfirmationLink,
    Incident,
    Plan,
)
from kefu.complaints.workflow import DESK, WORKFLOW
from kefu.core.models import Role, User
from kefu.core.permissions import MANAGERS, STAFF, SUPERVISORS, register, register_scope


def complaint_q(actor: User, prefix: str = "") -> Q:
    """The condition on complaints (reached through ``prefix``) that ``actor`` sees."""
    if actor.role in SUPERVISORS:
        return Q()
    mine = Q(**{f"{prefix}owner_id": actor.pk}) | Q(**{f"{prefix}responsible_person_id": actor.pk})
    if actor.role == Role.TECH_SUPPORT:
        return mine
    mine |= Q(**{f"{prefix}created_by_id": actor.pk})
    if actor.team_id is None:
        return mine
    return mine | Q(**{f"{prefix}team_id": actor.team_id})


def sees_complaint(actor: User, complaint: Complaint) -> bool:
    """The object form of ``complaint_q``."""
    if actor.role in SUPERVISORS:
        return True
    if actor.pk in (complaint.owner_id, complaint.responsible_person_id):
        return True
    if actor.role == Role.TECH_SUPPORT:
        return False
    if complaint.created_by_id == actor.pk:
        return True
    return actor.team_id is not None and complaint.team_id == actor.team_id


def _through_complaint(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    if actor.role in SUPERVISORS:
        return qs
    return qs.filter(complaint_q(actor, "complaint__"))


register("complaint.view", roles=STAFF, check=sees_complaint)
register("complaint.register", roles=DESK)
register("complaint.view_accountability", roles=SUPERVISORS, check=sees_complaint)
register("complaint.statistics", roles=SUPERVISORS)
register("complaint.manage_rules", roles=MANAGERS)
for _action in sorted(WORKFLOW.actions):
    _roles = frozenset().union(*(t.roles for t in WORKFLOW.transitions if t.action == _action))
    if _roles & set(Role.values):  # the customer's own actions are not staff permissions
        register(f"complaint.{_action}", roles=_roles & set(Role.values), check=sees_complaint)

register("incident.view", roles=STAFF)
register("incident.create", roles=SUPERVISORS)
register("incident.link", roles=DESK)
register("incident.message", roles=SUPERVISORS)
register("incident.publish", roles=SUPERVISORS)

register_scope(Complaint, lambda actor, qs: qs.filter(complaint_q(actor)))
for _model in (Plan, ComplaintMessage, ComplaintAttachment, ConfirmationLink):
    register_scope(_model, _through_complaint)
register_scope(Incident, lambda actor, qs: qs)
