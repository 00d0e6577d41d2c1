"""Who sees surveys and their report, who enters phone answers and works follow-ups (P-01).

Agents see the surveys of their team and their own; supervisors and above see all, read the
report and manage improvement actions. A follow-up is worked by its assignee or a supervisor.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kefu.core.models import Role, User
from kefu.core.permissions import (
    MANAGERS,
    STAFF,
    SUPERVISORS,
    register,
    register_scope,
    same_team_or_supervisor,
)
from kefu.surveys.models import FollowUp, Survey

DESK = frozenset({Role.AGENT}) | SUPERVISORS


def survey_q(actor: User, prefix: str = "") -> Q:
    if actor.role in SUPERVISORS:
        return Q()
    mine = Q(**{f"{prefix}agent_id": actor.pk})
    if actor.team_id is None:
        return mine
    return mine | Q(**{f"{prefix}team_id": actor.team_id})


def sees_survey(actor: User, survey: Survey) -> bool:
    return same_team_or_supervisor(actor, survey.team_id, survey.agent_id)


def works_follow_up(actor: User, follow_up: FollowUp) -> bool:
    return actor.role in SUPERVISORS or follow_up.assignee_id == actor.pk


def _follow_ups(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    if actor.role in SUPERVISORS:
        return qs
    return qs.filter(assignee_id=actor.pk)


register("survey.view", roles=STAFF, check=sees_survey)
# 电话回访（针对重要客户或投诉客户）: the desk calls and types the answers in.
register("survey.enter_phone", roles=DESK, check=sees_survey)
register("survey.report", roles=SUPERVISORS)
register("survey.settings", roles=MANAGERS)
register("survey.close_follow_up", roles=DESK, check=works_follow_up)
register_scope(Survey, lambda actor, qs: qs.filter(survey_q(actor)))
register_scope(FollowUp, _follow_ups)
