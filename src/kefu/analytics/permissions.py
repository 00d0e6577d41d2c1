"""Who sees analytics (P-01, Y-01): supervisors their own team's figures, managers and admins
everyone's; agents none."""

from __future__ import annotations

from kefu.core.models import Role, User
from kefu.core.permissions import SUPERVISORS, register, require

NO_TEAM = -1  # a supervisor without a team sees no team's figures


def team_scope(actor: User) -> int | None:
    """The one team whose figures ``actor`` sees, or None for all teams. Refuses agents."""
    require(actor, "analytics.view")
    if actor.role == Role.SUPERVISOR:
        return actor.team_id or NO_TEAM
    return None


register("analytics.view", roles=SUPERVISORS)
