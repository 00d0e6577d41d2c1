"""Solutions (A-05): offer one or two, record the customer's choice, track it to the end (A-10)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.core.models import User
from kefu.tickets.models import (
    AMOUNT_REQUIRED,
    Solution,
    SolutionKind,
    Ticket,
    TrackingStep,
    step_label,
)
from kefu.tickets.services.flow import begin, clean_choice, clean_text, emit, save

MAX_OPTIONS = 2
NOTE_MAX = 1000
REFUNDS = frozenset({SolutionKind.REFUND, SolutionKind.PARTIAL_REFUND})


@dataclass(frozen=True)
class SolutionOption:
    kind: str
    amount_fen: int = 0
    note: str = ""


def _clean_option(ticket: Ticket, option: SolutionOption, index: int) -> Solution:
    field = f"solutions.{index}"
    kind = clean_choice(option.kind, SolutionKind, f"{field}.kind")
    amount = int(option.amount_fen or 0)
    if amount < 0 or (kind in AMOUNT_REQUIRED and amount == 0):
        message = _("Give the amount in fen, above zero.")
        raise InvalidInput("solution_amount", message, {f"{field}.amount_fen": message})
    if kind in REFUNDS and ticket.order is not None and amount > ticket.order.amount_fen:
        message = _("A refund cannot exceed the order amount.")
        raise InvalidInput("refund_too_large", message, {f"{field}.amount_fen": message})
    note = clean_text(option.note, f"{field}.note", max_length=NOTE_MAX, required=False)
    return Solution(ticket=ticket, kind=kind, amount_fen=amount, note=note)


@transaction.atomic
def offer_solutions(
    *, actor: User, ticket: Ticket, options: Sequence[SolutionOption], version: int | None = None
) -> list[Solution]:
    """Offer the customer one or two options (003 §3.1 方案提供: 给出1-2个可行方案).

    Earlier options still open (offered, or chosen but not finished) are withdrawn as declined.
    The customer is told the options. Implements A-05.
    """
    locked, target = begin(actor, ticket, "offer", version=version)
    if not 1 <= len(options) <= MAX_OPTIONS:
        message = _("Offer one or two solutions at a time, not %(n)s.") % {"n": len(options)}
        raise InvalidInput("solution_count", message, {"solutions": message})
    rows = [_clean_option(locked, option, i) for i, option in enumerate(options)]
    now = timezone.now()
    locked.solutions.filter(status__in=[Solution.Status.OFFERED, Solution.Status.CHOSEN]).update(
        status=Solution.Status.DECLINED
    )
    for row in rows:
        row.offered_by, row.offered_at = actor, now
        row.save()
    locked.status = target
    save(locked, ["status"])
    emit(
        "ticket.solution_offered",
        locked,
        actor,
        solutions=[{"id": r.pk, "kind": r.kind, "amount_fen": r.amount_fen} for r in rows],
    )
    return rows


def _solution(ticket: Ticket, solution_id: int) -> Solution:
    row = ticket.solutions.select_for_update().filter(pk=solution_id).first()
    if row is None:
        raise NotFound("solution_not_found", _("No such solution on this ticket."))
    return row


@transaction.atomic
def record_customer_choice(
    *, actor: User, ticket: Ticket, solution_id: int, version: int | None = None
) -> Solution:
    """Record which offered option the customer took; the others become declined and the
    ticket moves to 执行跟进. Implements A-05.
    """
    locked, target = begin(actor, ticket, "choose", version=version)
    chosen = _solution(locked, solution_id)
    if chosen.status != Solution.Status.OFFERED:
        raise Conflict(
            "solution_not_offered", _("Only an option currently on offer can be chosen.")
        )
    chosen.status, chosen.chosen_at = Solution.Status.CHOSEN, timezone.now()
    chosen.save(update_fields=["status", "chosen_at"])
    locked.solutions.filter(status=Solution.Status.OFFERED).exclude(pk=chosen.pk).update(
        status=Solution.Status.DECLINED
    )
    locked.status = target
    save(locked, ["status"])
    emit("ticket.solution_chosen", locked, actor, solution_id=chosen.pk, kind=chosen.kind)
    return chosen


@transaction.atomic
def record_solution_progress(
    *, actor: User, ticket: Ticket, solution_id: int, step: str
) -> Solution:
    """Record the next step of the chosen solution (item received, inspected, shipped back,
    refunded, completed — only the kind's steps, in order); the customer is told each one.

    Implements A-07 (progress notice) and A-10.
    """
    locked, _state = begin(actor, ticket, "progress")
    row = _solution(locked, solution_id)
    if row.status != Solution.Status.CHOSEN:
        raise Conflict(
            "solution_not_chosen", _("Progress is recorded on the option the customer chose.")
        )
    step = clean_choice(step, TrackingStep, "step")
    if step not in row.steps:
        raise InvalidInput(
            "step_not_for_kind",
            _("A %(kind)s has no step “%(step)s”.")
            % {"kind": row.get_kind_display(), "step": TrackingStep(step).label},
            {"step": _("Not a step of this solution.")},
        )
    if step != row.next_step:
        raise Conflict(
            "step_out_of_order",
            _("The next step to record is “%(step)s”.")
            % {"step": step_label(row.kind, str(row.next_step))},
        )
    setattr(row, f"{step}_at", timezone.now())
    fields = [f"{step}_at"]
    if step == TrackingStep.COMPLETED:
        row.status = Solution.Status.COMPLETED
        fields.append("status")
    row.save(update_fields=fields)
    save(locked, [])
    emit("ticket.progress", locked, actor, step=step, solution_id=row.pk, kind=row.kind)
    return row
