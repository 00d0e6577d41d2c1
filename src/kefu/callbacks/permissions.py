"""Who sees campaigns and calls, who runs campaigns and who records calls (P-01).

Supervisors and above run campaigns (回访活动由客服主管统一分配) and see everything; an agent
sees the campaigns of their team and their own calls, and records only the calls assigned
to them. Rest hours are shop settings for managers and admins.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kefu.callbacks.models import CallbackCampaign, CallbackRecord, CallbackTask
from kefu.callbacks.workflow import CALLERS
from kefu.core.models import User
from kefu.core.permissions import MANAGERS, STAFF, SUPERVISORS, register, register_scope


def task_q(actor: User, prefix: str = "") -> Q:
    if actor.role in SUPERVISORS:
        return Q()
    mine = Q(**{f"{prefix}agent_id": actor.pk})
    if actor.team_id is None:
        return mine
    return mine | Q(**{f"{prefix}team_id": actor.team_id})


def sees_campaign(actor: User, campaign: CallbackCampaign) -> bool:
    if actor.role in SUPERVISORS:
        return True
    if actor.team_id is not None and campaign.team_id == actor.team_id:
        return True
    return campaign.tasks.filter(agent_id=actor.pk).exists()


def calls_task(actor: User, task: CallbackTask) -> bool:
    """The agent the call is assigned to, or a supervisor."""
    return actor.role in SUPERVISORS or task.agent_id == actor.pk


def _campaigns(actor: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    if actor.role in SUPERVISORS:
        return qs
    mine = Q(pk__in=CallbackTask.objects.filter(agent_id=actor.pk).values("campaign_id"))
    return qs.filter(mine | Q(team_id=actor.team_id)) if actor.team_id else qs.filter(mine)


register("callback.view", roles=STAFF, check=sees_campaign)
register("callback.manage", roles=SUPERVISORS)
register("callback.call", roles=CALLERS, check=calls_task)
register("callback.rest_hours", roles=MANAGERS)
register_scope(CallbackCampaign, _campaigns)
register_scope(CallbackTask, lambda actor, qs: qs.filter(task_q(actor)))
register_scope(CallbackRecord, lambda actor, qs: qs.filter(task_q(actor, "task__")))
