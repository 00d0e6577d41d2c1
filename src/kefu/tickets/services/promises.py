"""Promises to the customer: a resolution time (A-06) and, when it slips, a delay notice (A-07)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import Conflict, InvalidInput
from kefu.core.models import User
from kefu.tickets.models import Delay, Ticket
from kefu.tickets.services import deadlines
from kefu.tickets.services.flow import begin, clean_text, emit, iso, save

REASON_MAX = 1000


def _future(at: datetime, field: str) -> datetime:
    if timezone.is_naive(at):
        raise InvalidInput(
            "naive_time", _("Give the time with its time zone."), {field: _("Time zone missing.")}
        )
    if at <= timezone.now():
        raise InvalidInput(
            "time_in_past", _("Choose a time in the future."), {field: _("Must be in the future.")}
        )
    return at.astimezone(UTC)


@transaction.atomic
def promise_resolution(*, actor: User, ticket: Ticket, until: datetime | None = None) -> Ticket:
    """Turn "we will get back to you within 24 hours" into a deadline.

    Without ``until`` the time comes from the ``ticket.promised_resolution`` policy (000
    §三(二): 您的问题需要技术部门检测，24小时内给您回复); with it, the agent's chosen time.
    A promise already running is changed only by announcing a delay. Implements A-06.
    """
    locked, _state = begin(actor, ticket, "promise")
    if deadlines.open_deadline(locked, [deadlines.PROMISED_RESOLUTION]) is not None:
        raise Conflict(
            "already_promised",
            _("A resolution time is already promised; announce a delay to change it."),
        )
    due_at = _future(until, "until") if until is not None else None
    row = deadlines.start_ticket_deadline(deadlines.PROMISED_RESOLUTION, locked, due_at=due_at)
    locked.promised_resolution_at = row.due_at
    save(locked, ["promised_resolution_at"])
    deadlines.refresh_next_due(locked)
    emit("ticket.promised", locked, actor, eta=iso(row.due_at))
    return locked


@dataclass(frozen=True)
class DelayNotice:
    """What the agent tells the customer (由于配件短缺，维修时间需延长1天，补偿50元优惠券)."""

    reason: str
    until: datetime
    compensation_fen: int = 0
    compensation_note: str = ""


def _clean_notice(notice: DelayNotice, promised_at: datetime) -> dict[str, object]:
    until = _future(notice.until, "until")
    if until <= promised_at:
        raise InvalidInput(
            "delay_not_later",
            _("The new time must be later than the promise."),
            {"until": _("Must be after the promised time.")},
        )
    if notice.compensation_fen < 0:
        raise InvalidInput(
            "negative_amount",
            _("An amount cannot be negative."),
            {"compensation_fen": _("Must be zero or more.")},
        )
    return {
        "reason": clean_text(notice.reason, "reason", max_length=REASON_MAX),
        "new_due_at": until,
        "compensation_fen": notice.compensation_fen,
        "compensation_note": clean_text(
            notice.compensation_note, "compensation_note", max_length=200, required=False
        ),
    }


@transaction.atomic
def announce_delay(*, actor: User, ticket: Ticket, notice: DelayNotice) -> Delay:
    """Move the promised time to ``notice.until`` and tell the customer why, with any
    compensation (若解决时间延迟，需提前说明原因, 000 §三(三)).

    Announced before the promise falls due, the old promise counts as kept; announced after,
    the delay is marked late and the old promise stays breached. Implements A-07.
    """
    locked, _state = begin(actor, ticket, "delay")
    current = deadlines.open_deadline(locked, [deadlines.PROMISED_RESOLUTION])
    if current is None:
        raise Conflict(
            "no_promise", _("There is no promised time to delay; promise a resolution time first.")
        )
    now = timezone.now()
    delay = Delay.objects.create(
        ticket=locked,
        previous_due_at=current.due_at,
        late=now > current.due_at,
        created_by=actor,
        created_at=now,
        **_clean_notice(notice, current.due_at),
    )
    until = delay.new_due_at
    deadlines.settle(locked, [deadlines.PROMISED_RESOLUTION], at=now)
    deadlines.start_ticket_deadline(deadlines.PROMISED_RESOLUTION, locked, due_at=until)
    locked.promised_resolution_at = until
    save(locked, ["promised_resolution_at"])
    deadlines.refresh_next_due(locked)
    emit(
        "ticket.delayed",
        locked,
        actor,
        delay_id=delay.pk,
        eta=iso(until),
        late=delay.late,
        compensation_fen=delay.compensation_fen,
    )
    return delay
