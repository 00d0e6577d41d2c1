"""Who may change the calendar and the SLA policies, and which deadlines each role sees."""

from django.db.models import Q

from kefu.core.permissions import ADMINS, MANAGERS, STAFF, SUPERVISORS, register, register_scope
from kefu.sla.models import Deadline

register("calendar.manage", roles=ADMINS)
register("policy.manage", roles=MANAGERS)
register("calendar.view", roles=STAFF)


def _deadlines(actor, qs):  # type: ignore[no-untyped-def]
    if actor.role in SUPERVISORS:
        return qs
    return qs.filter(Q(owner=actor) | Q(team_id=actor.team_id) if actor.team_id else Q(owner=actor))


register_scope(Deadline, _deadlines)
