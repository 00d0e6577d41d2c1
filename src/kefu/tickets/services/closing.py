"""The end of a ticket: resolve, ask satisfaction (满意度确认), close (结束道别), reopen, merge."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import User
from kefu.core.permissions import SUPERVISORS, require
from kefu.sla.services import cancel_deadlines
from kefu.tickets.models import (
    Attachment,
    Direction,
    Solution,
    Ticket,
    TicketMessage,
    step_label,
)
from kefu.tickets.services import deadlines
from kefu.tickets.services.flow import begin, clean_text, emit, save

TEXT_MAX = 2000


def _unfinished(ticket: Ticket) -> Solution | None:
    return ticket.solutions.filter(status=Solution.Status.CHOSEN).first()


@transaction.atomic
def resolve_ticket(
    *, actor: User, ticket: Ticket, resolution: str = "", version: int | None = None
) -> Ticket:
    """Mark the problem solved and tell the customer; satisfaction is asked next.

    From 执行跟进 the chosen solution must be completed first; from diagnosis (a usage
    question answered with guidance) no solution is needed. The first-response and promised
    deadlines are settled (a late one stays breached). Implements A-07 (done), A-08.
    """
    locked, target = begin(actor, ticket, "resolve", version=version)
    pending = _unfinished(locked)
    if pending is not None:
        raise Conflict(
            "solution_not_completed",
            _("Finish the chosen solution first; the next step is “%(step)s”.")
            % {"step": step_label(pending.kind, str(pending.next_step))},
        )
    locked.resolution = clean_text(resolution, "resolution", max_length=TEXT_MAX, required=False)
    locked.status, locked.resolved_at = target, timezone.now()
    save(locked, ["status", "resolution", "resolved_at"])
    deadlines.settle(locked, at=locked.resolved_at)
    deadlines.refresh_next_due(locked)
    done = locked.solutions.filter(status=Solution.Status.COMPLETED).order_by("-pk").first()
    emit(
        "ticket.resolved",
        locked,
        actor,
        solution_id=done.pk if done else None,
        kind=done.kind if done else "",
    )
    return locked


@transaction.atomic
def confirm_satisfaction(
    *, actor: User, ticket: Ticket, satisfied: bool | None, note: str = ""
) -> Ticket:
    """Record the answer to “这样处理您是否满意？”: yes, no, or None when the customer did not
    answer. Closing needs this step. Implements A-08.
    """
    locked, _state = begin(actor, ticket, "confirm")
    locked.satisfaction_asked_at = timezone.now()
    locked.satisfaction_confirmed = satisfied
    locked.satisfaction_note = clean_text(note, "note", max_length=TEXT_MAX, required=False)
    save(locked, ["satisfaction_asked_at", "satisfaction_confirmed", "satisfaction_note"])
    emit("ticket.satisfaction_recorded", locked, actor, satisfied=satisfied)
    return locked


@transaction.atomic
def close_ticket(*, actor: User, ticket: Ticket, version: int | None = None) -> Ticket:
    """Close a resolved ticket (结束道别) once satisfaction was asked.

    Refused until the customer's answer (or their silence) is recorded; when the customer
    said they are not satisfied, only a supervisor may close instead of reopening.
    Implements A-08.
    """
    locked, target = begin(actor, ticket, "close", version=version)
    if locked.satisfaction_asked_at is None:
        raise Conflict(
            "satisfaction_not_asked",
            _(
                "Ask whether the customer is satisfied and record the answer "
                "(or that they did not answer) before closing."
            ),
        )
    if locked.satisfaction_confirmed is False and actor.role not in SUPERVISORS:
        raise Forbidden(
            "customer_not_satisfied",
            _("The customer is not satisfied: reopen the ticket, or ask a supervisor to close it."),
        )
    locked.status, locked.closed_at = target, timezone.now()
    save(locked, ["status", "closed_at"])
    deadlines.settle(locked, at=locked.closed_at)
    deadlines.refresh_next_due(locked)
    record_audit(actor=actor, action="ticket.closed", subject=locked)
    emit("ticket.closed", locked, actor, satisfied=locked.satisfaction_confirmed)
    return locked


@transaction.atomic
def reopen_ticket(
    *, actor: User, ticket: Ticket, reason: str, version: int | None = None
) -> Ticket:
    """Take a resolved ticket (or, for supervisors, a closed one) back into diagnosis; the
    satisfaction answer is cleared so it is asked again after the next fix.
    """
    locked, target = begin(actor, ticket, "reopen", version=version)
    reason = clean_text(reason, "reason", max_length=TEXT_MAX)
    locked.status = target
    locked.resolved_at = locked.closed_at = locked.satisfaction_asked_at = None
    locked.satisfaction_confirmed = None
    save(
        locked,
        ["status", "resolved_at", "closed_at", "satisfaction_asked_at", "satisfaction_confirmed"],
    )
    TicketMessage.objects.create(
        ticket=locked,
        direction=Direction.INTERNAL,
        author=actor,
        body=reason,
        channel=locked.channel,
    )
    deadlines.refresh_next_due(locked)
    record_audit(actor=actor, action="ticket.reopened", subject=locked)
    emit("ticket.reopened", locked, actor)
    return locked


def _lock_pair(duplicate: Ticket, keep: Ticket) -> None:
    # Lock both rows in id order so two opposite merges cannot deadlock.
    list(Ticket.objects.select_for_update().filter(pk__in=[duplicate.pk, keep.pk]).order_by("pk"))


@transaction.atomic
def merge_tickets(
    *, actor: User, duplicate: Ticket, keep: Ticket, version: int | None = None
) -> Ticket:
    """Close ``duplicate`` as merged into ``keep``: its messages and attachments move to the
    kept ticket, both in one transaction. Both must be the same customer's; ``keep`` must be
    open. Returns the kept ticket.
    """
    require(actor, "ticket.merge", duplicate)
    require(actor, "ticket.reply", keep)
    if duplicate.pk == keep.pk or duplicate.customer_id != keep.customer_id:
        message = _("A ticket can be merged only into another ticket of the same customer.")
        raise InvalidInput("merge_target", message, {"keep": message})
    _lock_pair(duplicate, keep)
    dup, target = begin(actor, duplicate, "merge", version=version)
    kept, _state = begin(actor, keep, "reply")
    moved = TicketMessage.objects.filter(ticket=dup).update(ticket=kept)
    files = Attachment.objects.filter(ticket=dup).update(ticket=kept)
    TicketMessage.objects.create(
        ticket=kept,
        direction=Direction.INTERNAL,
        author=actor,
        channel=kept.channel,
        body=_("Merged from %(number)s: %(description)s")
        % {"number": dup.number, "description": dup.description},
    )
    dup.status, dup.merged_into, dup.closed_at = target, kept, timezone.now()
    save(dup, ["status", "merged_into", "closed_at"])
    cancel_deadlines(subject=dup, at=dup.closed_at)
    deadlines.refresh_next_due(dup)
    save(kept, [])
    record_audit(
        actor=actor,
        action="ticket.merged",
        subject=dup,
        data={"into": kept.number, "messages": moved, "attachments": files},
    )
    emit("ticket.merged", dup, actor, into=kept.number, messages=moved, attachments=files)
    return kept
