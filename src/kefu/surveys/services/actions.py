"""What the report leads to: follow-ups closed, improvement actions tracked to done, and the
shop's survey rules changed (制定改进措施, 000 §三(四) 结果应用). Implements Q-04.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.quality import improvements
from kefu.quality.models import ImprovementAction, Origin
from kefu.sla.services import meet_deadline
from kefu.surveys.models import FollowUp, Reason, SurveySettings

TEXT_MAX = 2000
SETTINGS_FIELDS = (
    "satisfied_min_score",
    "low_score_max",
    "requests_per_address",
    "requests_per_link",
    "limit_window_seconds",
)


def _text(value: object, name: str, *, max_length: int, required: bool = True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidInput(
            "required", _("This field is required."), {name: _("This field is required.")}
        )
    if len(text) > max_length:
        message = _("At most %(n)s characters.") % {"n": max_length}
        raise InvalidInput("too_long", message, {name: message})
    return text


@transaction.atomic
def close_follow_up(*, actor: User, follow_up: FollowUp, note: str) -> FollowUp:
    """Record what was done for the unhappy customer and meet the follow-up deadline.

    The assignee or a supervisor; an open follow-up only. Implements Q-04.
    """
    require(actor, "survey.close_follow_up", follow_up)
    text = _text(note, "note", max_length=TEXT_MAX)
    now = timezone.now()
    if not FollowUp.objects.filter(pk=follow_up.pk, status=FollowUp.Status.OPEN).update(
        status=FollowUp.Status.DONE, note=text, done_at=now, done_by=actor
    ):
        raise Conflict("follow_up_done", _("This follow-up is already done."))
    meet_deadline(kind="survey.follow_up", subject=follow_up, at=now)
    record_audit(actor=actor, action="survey.follow_up_closed", subject=follow_up)
    follow_up.refresh_from_db()
    return follow_up


def _reason(value: object) -> str:
    reason = str(value or "")
    if reason and reason not in Reason.values:
        raise InvalidInput(
            "invalid_choice",
            _("Choose a reason from the list."),
            {"reason": _("Not one of the choices.")},
        )
    return reason


@transaction.atomic
def create_improvement_action(*, actor: User, data: Mapping[str, Any]) -> ImprovementAction:
    """Add an improvement action (title, reason addressed, owner, due date, report month) to
    quality's one list of actions. Supervisors and above. Implements Q-04."""
    require(actor, "improvement.create")
    title = improvements.clean_title(data.get("title"))
    month = data.get("month")
    return improvements.create_improvement_action(
        actor=actor,
        draft=improvements.ImprovementDraft(
            origin=Origin.SURVEYS,
            title=title,
            category=_reason(data.get("reason")),
            owner_id=data.get("owner_id"),
            due_on=data.get("due_on"),
            month=month if isinstance(month, date) else None,
        ),
    )


def complete_improvement_action(
    *, actor: User, action: ImprovementAction, note: str
) -> ImprovementAction:
    """Mark an action done with what it achieved; its owner or a supervisor. Implements Q-04."""
    done = improvements.complete_improvement_action(
        actor=actor, action_id=action.pk, note=note, origin=Origin.SURVEYS
    )
    action.refresh_from_db()
    return done


@transaction.atomic
def update_survey_settings(*, actor: User, changes: Mapping[str, Any]) -> SurveySettings:
    """Change the shop's survey rules: satisfied and follow-up scores, link rate limits.

    Managers and admins. Implements Q-04.
    """
    require(actor, "survey.settings")
    unknown = sorted(set(changes) - set(SETTINGS_FIELDS))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    row = SurveySettings.current()
    for name, value in changes.items():
        least = 0 if name == "low_score_max" else 1
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise InvalidInput(
                "invalid_number", _("Enter a whole number."), {name: _("Enter a whole number.")}
            )
        setattr(row, name, value)
    if not 1 <= row.satisfied_min_score <= 5 or row.low_score_max >= row.satisfied_min_score:
        message = _("Satisfied is a score from 1 to 5, above the follow-up score.")
        raise InvalidInput("invalid_scores", message, {"satisfied_min_score": message})
    row.save()
    record_audit(actor=actor, action="survey.settings_changed", data=dict(changes))
    return row
