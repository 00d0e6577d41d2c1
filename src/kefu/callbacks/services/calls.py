"""Calls: schedule one, record one (回访记录表), and the shop's rest hours.

回访规范 "一个避免，三个必保" (004 §四): never in the customer's rest hours; every record complete
(必须保证回访信息的完整记录) — an incomplete record is refused, nothing saved; within three days
(the ``callback.due`` deadline, met by the call that reaches the customer); and a better time
the customer names (最好与客户再约一个方便的时间) reschedules the call. Implements V-02, V-03.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.callbacks.models import CallbackRecord, CallbackTask, Outcome, RestPeriod
from kefu.callbacks.rest_hours import next_allowed, refuse_rest_hours
from kefu.callbacks.services.campaigns import CALL_DUE, lock
from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.events import record_event
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.sla.services import meet_deadline

TEXT_MAX = 2000
# A call logged a little ahead of the server's clock (a phone's clock) is still "now".
CLOCK_SKEW = timedelta(minutes=2)


@dataclass(frozen=True)
class CallData:
    """What the agent fills in after a call (回访记录表)."""

    reached: bool | None
    outcome: str = ""
    to_improve: str = ""
    suggestions: str = ""
    follow_up_needed: bool = False
    follow_up_note: str = ""
    notes: str = ""
    called_at: datetime | None = None
    rescheduled_to: datetime | None = None


def _missing(errors: dict[str, str], name: str, message: str) -> None:
    errors.setdefault(name, message)


def _text_errors(data: CallData) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("to_improve", "suggestions", "follow_up_note", "notes"):
        if len(getattr(data, name)) > TEXT_MAX:
            errors[name] = _("At most %(n)s characters.") % {"n": TEXT_MAX}
    return errors


def record_errors(data: CallData) -> dict[str, str]:
    """What is missing or wrong in a record, by field; empty when it is complete."""
    errors = _text_errors(data)
    if data.reached is None:
        _missing(errors, "reached", _("Say whether the customer was reached."))
    elif data.reached:
        if data.outcome not in Outcome.values and data.rescheduled_to is None:
            _missing(errors, "outcome", _("Record whether the customer is satisfied."))
        if data.outcome in (Outcome.NEUTRAL, Outcome.UNSATISFIED) and not data.to_improve:
            _missing(errors, "to_improve", _("Record what the customer wants improved."))
    else:
        if data.outcome:
            _missing(errors, "outcome", _("A customer who was not reached gave no verdict."))
        if not data.notes:
            _missing(errors, "notes", _("Note why the customer was not reached."))
    if data.follow_up_needed and not data.follow_up_note:
        _missing(errors, "follow_up_note", _("Say what must be followed up."))
    return errors


def _clean(data: CallData, now: datetime) -> CallData:
    data = replace(
        data,
        **{
            name: (getattr(data, name) or "").strip()
            for name in ("outcome", "to_improve", "suggestions", "follow_up_note", "notes")
        },
        called_at=data.called_at or now,
    )
    errors = record_errors(data)
    if data.called_at > now + CLOCK_SKEW:  # type: ignore[operator]
        errors.setdefault("called_at", _("A call cannot be recorded ahead of time."))
    if data.rescheduled_to is not None and data.rescheduled_to <= now:
        errors.setdefault("rescheduled_to", _("The new time must be in the future."))
    if errors:
        raise InvalidInput(
            "incomplete_record",
            _("The callback record is not complete; nothing was saved."),
            errors,
        )
    return data


def _check_times(data: CallData) -> None:
    refuse_rest_hours(data.called_at, "called_at")  # type: ignore[arg-type]
    if data.rescheduled_to is not None:
        refuse_rest_hours(data.rescheduled_to, "rescheduled_to")


def record_call(*, actor: User, task: CallbackTask, data: CallData) -> CallbackRecord:
    """Save the record of one call. Reaching the customer with a verdict completes the call
    and meets its deadline; not reaching them, or a time they named, keeps it open.

    The assigned agent or a supervisor, while the campaign runs, on a call still open;
    refused inside rest hours (with the next allowed time) or when incomplete.
    Implements V-02, V-03.
    """
    require(actor, "callback.call", task)
    now = timezone.now()
    with transaction.atomic():
        lock(task.campaign, "call", actor)
        locked = CallbackTask.objects.select_for_update().get(pk=task.pk)
        if locked.status != CallbackTask.Status.OPEN:
            raise Conflict("call_done", _("This call is already closed."))
        clean = _clean(data, now)
        _check_times(clean)
        record = CallbackRecord.objects.create(task=locked, agent=actor, **clean.__dict__)
        _apply(locked, record)
        record_event(
            "callback.recorded",
            subject=locked,
            actor=actor,
            customer_id=locked.customer_id,
            payload={
                "reached": record.reached,
                "outcome": record.outcome,
                "campaign": locked.campaign_id,
                "follow_up_needed": record.follow_up_needed,
            },
        )
    return record


def _apply(task: CallbackTask, record: CallbackRecord) -> None:
    changes: dict[str, object] = {"attempts": F("attempts") + 1}
    if record.rescheduled_to is not None:
        changes["scheduled_at"] = record.rescheduled_to
    if record.reached and record.outcome:
        changes.update(
            status=CallbackTask.Status.DONE, outcome=record.outcome, done_at=record.called_at
        )
        meet_deadline(kind=CALL_DUE, subject=task, at=record.called_at)
    CallbackTask.objects.filter(pk=task.pk).update(**changes)


@transaction.atomic
def schedule_call(*, actor: User, task: CallbackTask, at: datetime) -> CallbackTask:
    """Plan the call for ``at`` — the time the customer named, or the agent's plan. Refused in
    the past or inside rest hours, with the next allowed time. Implements V-03.
    """
    require(actor, "callback.call", task)
    lock(task.campaign, "schedule", actor)
    if at <= timezone.now():
        message = _("The new time must be in the future.")
        raise InvalidInput("invalid_time", message, {"at": message})
    refuse_rest_hours(at, "at")
    if not CallbackTask.objects.filter(pk=task.pk, status=CallbackTask.Status.OPEN).update(
        scheduled_at=at
    ):
        raise Conflict("call_done", _("This call is already closed."))
    record_audit(actor=actor, action="callback.scheduled", subject=task)
    task.refresh_from_db()
    return task


@transaction.atomic
def set_rest_hours(*, actor: User, spans: Sequence[tuple[time, time, str]]) -> list[RestPeriod]:
    """Replace the shop's rest hours; each span may wrap midnight, together they must leave
    some time to call. Managers and admins. Implements V-03."""
    require(actor, "callback.rest_hours")
    for start, end, _name in spans:
        if start == end:
            raise InvalidInput(
                "rest_period_empty",
                _("A rest period must end at another time."),
                {"ends_at": _("must differ from the start")},
            )
    probe = datetime.combine(timezone.localdate(), time.min, tzinfo=timezone.get_default_timezone())
    if spans and next_allowed(probe, [(s, e) for s, e, _n in spans]) is None:
        raise InvalidInput("rest_whole_day", _("Rest hours cannot cover the whole day."))
    RestPeriod.objects.all().delete()
    rows = RestPeriod.objects.bulk_create(
        RestPeriod(starts_at=s, ends_at=e, name=str(n)[:40]) for s, e, n in spans
    )
    record_audit(
        actor=actor,
        action="callback.rest_hours_set",
        data={"spans": [f"{s:%H:%M}-{e:%H:%M}" for s, e, _n in spans]},
    )
    return rows
