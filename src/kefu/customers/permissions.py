"""Who may see, change and reveal customers (C-01, C-05), as data for the one permission policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kefu.core.models import Role, User
from kefu.core.permissions import ADMINS, STAFF, SUPERVISORS, register, register_scope
from kefu.customers.models import Customer, Note

# Tech support engineers see the customers of the tickets they work on; until tickets exist,
# that is their team's customers. They never see full personal data (000 §四(三) 信息保密).
WRITERS = frozenset({Role.AGENT}) | SUPERVISORS
REVEALERS = frozenset({Role.AGENT}) | SUPERVISORS


def customer_q(actor: User, prefix: str = "") -> Q:
    """Which customers ``actor`` sees, reached through ``prefix`` (e.g. ``"customer__"``)."""
    if actor.role in SUPERVISORS:
        return Q()
    mine = Q(**{f"{prefix}owner_id": actor.pk})
    if actor.team_id is None:
        return mine
    return mine | Q(**{f"{prefix}team_id": actor.team_id})


def sees_customer(actor: User, customer: Customer) -> bool:
    """Supervisors see all; others their own customers and their team's."""
    if actor.role in SUPERVISORS:
        return True
    if customer.owner_id == actor.pk:
        return True
    return actor.team_id is not None and customer.team_id == actor.team_id


def _scope(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(customer_q(actor))


register("customer.view", roles=STAFF, check=sees_customer)
register("customer.create", roles=WRITERS)
register("customer.update", roles=WRITERS, check=sees_customer)
# Owner and team assignment is the supervisor's (004 §一 3: 客服主管……分配给相关客服专员).
register("customer.assign", roles=SUPERVISORS)
register("customer.note", roles=STAFF, check=sees_customer)
register("customer.view_personal", roles=REVEALERS, check=sees_customer)
# Imports, distribution and personal-data requests are the supervisor's (004 §一 2-3, C-05).
register("customer.import", roles=SUPERVISORS)
register("customer.export_personal", roles=SUPERVISORS)
register("customer.erase", roles=SUPERVISORS)
register("customer.retention", roles=ADMINS)
register_scope(Customer, _scope)
register_scope(Note, lambda actor, qs: qs.filter(customer_q(actor, "customer__")))
