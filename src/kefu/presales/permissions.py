"""Who sees and works pre-sales records (P-01): supervisors see and report on everything; an
agent sees their own leads and their team's, and works the ones they see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kefu.core.models import User
from kefu.core.permissions import STAFF, SUPERVISORS, register, register_scope
from kefu.presales.models import Inquiry, Lead
from kefu.presales.workflow import SELLERS


def lead_q(actor: User, prefix: str = "") -> Q:
    """Which leads (or inquiries, through ``prefix``) ``actor`` sees."""
    if actor.role in SUPERVISORS:
        return Q()
    mine = Q(**{f"{prefix}owner_id": actor.pk})
    if actor.team_id is None:
        return mine
    return mine | Q(**{f"{prefix}team_id": actor.team_id})


def sees_lead(actor: User, row: Any) -> bool:
    if actor.role in SUPERVISORS:
        return True
    return row.owner_id == actor.pk or (actor.team_id is not None and row.team_id == actor.team_id)


def _scope(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(lead_q(actor))


register("presales.view", roles=STAFF, check=sees_lead)
register("presales.receive", roles=SELLERS)
register("presales.work", roles=SELLERS, check=sees_lead)
register("presales.report", roles=SUPERVISORS)
register_scope(Lead, _scope)
register_scope(Inquiry, _scope)
