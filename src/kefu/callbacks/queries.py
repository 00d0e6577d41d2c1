"""Shared reads of the callbacks app, scoped by ``visible_to``: campaigns, calls, records,
and the scripts of a call (V-04)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kefu.callbacks.models import (
    CallbackCampaign,
    CallbackRecord,
    CallbackTask,
    CampaignKind,
    Outcome,
)
from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import visible_to
from kefu.knowledge.models import Scene
from kefu.knowledge.queries import scripts_for
from kefu.knowledge.services import render_script

TASK_RELATED = ("campaign", "customer", "agent", "ticket", "order")
# 回访规范及用语 (004 §四): opening and question always; then the branch and closing of the
# customer's answer — 【满意】 or 【不满意/一般】.
ALWAYS = (Scene.CALLBACK_OPENING, Scene.CALLBACK_QUESTION)
BY_OUTCOME = {
    Outcome.SATISFIED: (Scene.CALLBACK_SATISFIED, Scene.CALLBACK_CLOSING_SATISFIED),
    Outcome.NEUTRAL: (Scene.CALLBACK_UNSATISFIED, Scene.CALLBACK_CLOSING_UNSATISFIED),
    Outcome.UNSATISFIED: (Scene.CALLBACK_UNSATISFIED, Scene.CALLBACK_CLOSING_UNSATISFIED),
}


def campaign_list(actor: User, *, state: str | None = None) -> QuerySet[CallbackCampaign]:
    qs = visible_to(actor, CallbackCampaign.objects.select_related("team", "created_by"))
    return qs.filter(state=state) if state else qs


def campaign(actor: User, campaign_id: int) -> CallbackCampaign:
    row = campaign_list(actor).filter(pk=campaign_id).first()
    if row is None:
        raise NotFound("campaign_not_found", _("No such callback campaign."))
    return row


def task_list(
    actor: User, *, campaign_id: int | None = None, mine: bool = False, status: str | None = None
) -> QuerySet[CallbackTask]:
    """Calls, the most urgent first: an agreed time, else the deadline."""
    qs = visible_to(actor, CallbackTask.objects.select_related(*TASK_RELATED))
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if mine:
        qs = qs.filter(agent_id=actor.pk)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(F("due_at").asc(nulls_last=True), "pk")


def task(actor: User, task_id: int) -> CallbackTask:
    row = task_list(actor).filter(pk=task_id).first()
    if row is None:
        raise NotFound("callback_task_not_found", _("No such call."))
    return row


def records(actor: User, task_id: int) -> QuerySet[CallbackRecord]:
    return (
        visible_to(actor, CallbackRecord.objects.select_related("agent"))
        .filter(task_id=task_id)
        .order_by("called_at", "pk")
    )


@dataclass(frozen=True)
class ScriptLine:
    scene: str
    title: str
    text: str


def wish(campaign: CallbackCampaign) -> str:
    """祝您(开车愉快/节日快乐): the campaign's wish, a holiday's greeting, or a general one."""
    if campaign.wish:
        return campaign.wish
    if campaign.kind == CampaignKind.HOLIDAY and campaign.holiday_name:
        return _("a happy %(holiday)s") % {"holiday": campaign.holiday_name}
    return _("a pleasant day")


def call_scripts(
    task: CallbackTask, agent: User, outcome: str = "", language: str = "zh-hans"
) -> list[ScriptLine]:
    """The scripts of seed 004 §四 for this call, placeholders filled: the opening and the
    question, then — once the customer answered — the branch and the closing. Implements V-04."""
    scenes = list(ALWAYS) + list(BY_OUTCOME.get(outcome, ()))  # type: ignore[call-overload]
    context = {
        "brand": settings.KEFU_BRAND,
        "agent_name": agent.display_name,
        "customer_name": task.customer.name,
        "service": task.service_label,
        "service_time": timezone.localtime(task.service_at).strftime("%Y-%m-%d")
        if task.service_at
        else "",
    }
    with translation.override(language):
        context["wish"] = wish(task.campaign)
    return [
        ScriptLine(s.scene, s.title, render_script(s, context))
        for s in scripts_for(scenes, language)
    ]
