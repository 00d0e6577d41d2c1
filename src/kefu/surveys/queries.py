"""Shared reads of the surveys app, scoped by ``visible_to``: lists, the phone queue,
follow-ups and improvement actions."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import visible_to
from kefu.quality import improvements
from kefu.quality.models import ImprovementAction, Origin
from kefu.surveys.models import FollowUp, Method, Status, Survey

RELATED = ("customer", "ticket", "order", "team", "agent")


def survey_list(
    actor: User,
    *,
    status: str | None = None,
    method: str | None = None,
    ticket_number: str | None = None,
) -> QuerySet[Survey]:
    qs = visible_to(actor, Survey.objects.select_related(*RELATED))
    if status:
        qs = qs.filter(status=status)
    if method:
        qs = qs.filter(method=method)
    if ticket_number:
        qs = qs.filter(ticket__number=ticket_number)
    return qs.order_by("-send_at", "-pk")


def survey(actor: User, survey_id: int) -> Survey:
    row = visible_to(actor, Survey.objects.select_related(*RELATED)).filter(pk=survey_id).first()
    if row is None:
        raise NotFound("survey_not_found", _("No such survey."))
    return row


def phone_queue(actor: User) -> QuerySet[Survey]:
    """Phone surveys still to call (重要客户或投诉客户), the ones due first."""
    return (
        visible_to(actor, Survey.objects.select_related(*RELATED))
        .filter(method=Method.PHONE, status=Status.SCHEDULED)
        .order_by("send_at", "pk")
    )


def is_due(survey: Survey) -> bool:
    return survey.send_at <= timezone.now()


def follow_ups(actor: User, *, open_only: bool = True) -> QuerySet[FollowUp]:
    qs = visible_to(
        actor,
        FollowUp.objects.select_related(
            "survey__customer", "survey__ticket", "survey__order", "survey__response", "assignee"
        ),
    )
    if open_only:
        qs = qs.filter(status=FollowUp.Status.OPEN)
    return qs.order_by("due_at", "pk")


def follow_up(actor: User, follow_up_id: int) -> FollowUp:
    row = follow_ups(actor, open_only=False).filter(pk=follow_up_id).first()
    if row is None:
        raise NotFound("follow_up_not_found", _("No such follow-up."))
    return row


def improvement_actions(actor: User, *, open_only: bool = False) -> QuerySet[ImprovementAction]:
    qs = improvements.improvement_actions(actor, Origin.SURVEYS, open_only=open_only)
    return qs.order_by(F("done_at").asc(nulls_first=True), "due_on", "pk")


def improvement_action(actor: User, action_id: int) -> ImprovementAction:
    row = improvement_actions(actor).filter(pk=action_id).first()
    if row is None:
        raise NotFound("improvement_not_found", _("No such improvement action."))
    return row
