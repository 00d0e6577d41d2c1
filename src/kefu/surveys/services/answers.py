"""Answering a survey: by the customer through the link, or by an agent on the phone.

A survey takes one answer, ever: the state moves with a conditional UPDATE and the response's
primary key is the survey's. A low overall score opens a follow-up task with a deadline
(``survey.follow_up``) for the team's supervisor. Implements Q-02, Q-03, Q-04 (follow-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, DomainError, InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.models import Event, Role, User
from kefu.core.permissions import require
from kefu.notify.services import notify_user_in_app
from kefu.sla.services import start_deadline
from kefu.surveys.models import (
    SCORES,
    FollowUp,
    Method,
    Reason,
    Status,
    Survey,
    SurveyResponse,
    SurveySettings,
)
from kefu.surveys.services.links import hash_token
from kefu.surveys.workflow import WORKFLOW

COMMENT_MAX = 1000
DIMENSIONS = ("attitude", "speed", "result", "overall")
FOLLOW_UP = "survey.follow_up"


@dataclass(frozen=True)
class Answers:
    """The four scores (1–5), the tick-box reasons and a free comment (Q-02)."""

    attitude: int | None
    speed: int | None
    result: int | None
    overall: int | None
    reasons: Sequence[str] = field(default_factory=tuple)
    comment: str = ""


def clean_answers(answers: Answers) -> Answers:
    """The answers checked: every score 1 to 5, known reasons each once, a short comment."""
    errors = {
        name: _("Choose a score from 1 to 5.")
        for name in DIMENSIONS
        if getattr(answers, name) not in SCORES
    }
    reasons = list(dict.fromkeys(str(r) for r in answers.reasons or ()))
    if any(r not in Reason.values for r in reasons):
        errors["reasons"] = _("Choose reasons from the list.")
    comment = (answers.comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("At most %(n)s characters.") % {"n": COMMENT_MAX}
    if errors:
        raise InvalidInput("invalid_answers", _("Please answer every question."), errors)
    return Answers(
        answers.attitude, answers.speed, answers.result, answers.overall, tuple(reasons), comment
    )


def refusal(survey: Survey | None, now: datetime) -> DomainError | None:
    """Why this link cannot be answered now, or None when it can."""
    if survey is None or survey.status in (Status.SCHEDULED, Status.CANCELLED):
        return NotFound("survey_link_invalid", _("This survey link is not valid."))
    if survey.status == Status.ANSWERED:
        return Conflict(
            "survey_answered",
            _("This survey has already been answered. Thank you for your feedback!"),
        )
    if survey.status == Status.EXPIRED or (survey.expires_at and survey.expires_at <= now):
        return Conflict("survey_expired", _("This survey link has expired."))
    return None


def survey_for_token(token: str) -> Survey | None:
    return (
        Survey.objects.select_related("ticket", "order")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )


def answer_by_link(*, token: str, answers: Answers, now: datetime | None = None) -> Survey:
    """Take the customer's answers through the link: no login, once, before it expires.

    A bad, used or expired link is refused and nothing changes. Implements Q-02, Q-03.
    """
    now = now or timezone.now()
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update().filter(token_hash=hash_token(token or "")).first()
        )
        problem = refusal(survey, now)
        if problem is not None:
            raise problem
        assert survey is not None  # refusal() returned None
        values = clean_answers(answers)
        _save_response(survey, values, Method.ONLINE, None, now)
    return survey


def record_phone_survey(*, actor: User, survey: Survey, answers: Answers) -> Survey:
    """Record the answers an agent took on the phone (电话回访, important and complaint
    customers); the survey's link, if one was sent, stops working. Implements Q-03.
    """
    require(actor, "survey.enter_phone", survey)
    now = timezone.now()
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        WORKFLOW.next_state(locked.status, "answer", actor)
        values = clean_answers(answers)
        _save_response(locked, values, Method.PHONE, actor, now)
        record_audit(
            actor=actor,
            action="survey.phone_answered",
            subject=locked,
            data={"overall": values.overall},
        )
    return locked


def _save_response(
    survey: Survey, values: Answers, method: str, actor: User | None, now: datetime
) -> None:
    moved = Survey.objects.filter(pk=survey.pk, status__in=[Status.SCHEDULED, Status.SENT]).update(
        status=Status.ANSWERED, answered_at=now
    )
    if not moved:
        raise Conflict("survey_answered", _("This survey has already been answered."))
    SurveyResponse.objects.create(
        survey=survey,
        attitude=values.attitude,
        speed=values.speed,
        result=values.result,
        overall=values.overall,
        reasons=list(values.reasons),
        comment=values.comment,
        method=method,
        entered_by=actor,
        answered_at=now,
    )
    survey.status, survey.answered_at = Status.ANSWERED, now
    record_event(
        "survey.answered",
        subject=survey,
        actor=actor,
        customer_id=survey.customer_id,
        payload={"overall": values.overall, "method": method, "number": survey.subject_number},
    )
    if values.overall is not None and values.overall <= SurveySettings.current().low_score_max:
        open_follow_up(survey, values.overall, actor)


def _supervisor_for(survey: Survey) -> User | None:
    """The team's supervisor with the fewest open follow-ups (any supervisor without a team)."""
    qs = User.objects.filter(role=Role.SUPERVISOR, is_active=True)
    if survey.team_id is not None and qs.filter(team_id=survey.team_id).exists():
        qs = qs.filter(team_id=survey.team_id)
    open_count = (
        FollowUp.objects.filter(status=FollowUp.Status.OPEN, assignee_id=OuterRef("pk"))
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(load=Coalesce(Subquery(open_count), 0)).order_by("load", "pk").first()


def open_follow_up(survey: Survey, overall: int, actor: User | None) -> FollowUp:
    """Open the follow-up task of a low score, with its deadline, and tell the assignee."""
    assignee = _supervisor_for(survey)
    row = FollowUp.objects.create(
        survey=survey, assignee=assignee, team_id=survey.team_id, due_at=timezone.now()
    )
    deadline = start_deadline(kind=FOLLOW_UP, subject=row, owner=assignee, team=survey.team)
    FollowUp.objects.filter(pk=row.pk).update(due_at=deadline.due_at)
    row.due_at = deadline.due_at
    event: Event = record_event(
        "survey.low_score",
        subject=survey,
        actor=actor,
        customer_id=survey.customer_id,
        payload={"overall": overall, "follow_up_id": row.pk, "number": survey.subject_number},
    )
    if assignee is not None:
        notify_user_in_app(
            user=assignee,
            event=event,
            template_event="survey.follow_up_assigned",
            context={
                "number": survey.subject_number,
                "overall": overall,
                "due": timezone.localtime(row.due_at).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return row
