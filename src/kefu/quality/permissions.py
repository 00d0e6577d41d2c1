"""Every staff member checks replies; supervisors and above keep the banned-phrase list, add
improvement actions and override conversation scores. An action is completed by its owner or a
supervisor; agents see their own actions and scores, supervisors their team's, managers all."""

from typing import Any

from django.db.models import Q, QuerySet

from kefu.core.models import Role, User
from kefu.core.permissions import MANAGERS, STAFF, SUPERVISORS, register, register_scope
from kefu.quality.models import ConversationScore, ImprovementAction


def owns_action(actor: User, action: ImprovementAction) -> bool:
    return actor.role in SUPERVISORS or action.owner_id == actor.pk


def _actions(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs if actor.role in SUPERVISORS else qs.filter(owner_id=actor.pk)


def _scores(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    if actor.role in MANAGERS:
        return qs
    mine = Q(agent_id=actor.pk)
    if actor.role == Role.SUPERVISOR and actor.team_id is not None:
        return qs.filter(mine | Q(team_id=actor.team_id))
    return qs.filter(mine)


def sees_score(actor: User, score: ConversationScore) -> bool:
    return _scores(actor, ConversationScore.objects.filter(pk=score.pk)).exists()


register("quality.check", roles=STAFF)
register("phrase.manage", roles=SUPERVISORS)
register("improvement.create", roles=SUPERVISORS)
register("improvement.complete", roles=STAFF, check=owns_action)
register("quality.report", roles=SUPERVISORS)
register("quality.override", roles=SUPERVISORS, check=sees_score)
register_scope(ImprovementAction, _actions)
register_scope(ConversationScore, _scores)
