"""Remedies and hand-ups of a ticket: solutions tracked to completion (A-05, A-10),
escalations (A-09) and delay notices (A-07)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kefu.core.models import User
from kefu.tickets.models.tickets import Ticket


class SolutionKind(models.TextChoices):
    """The remedies of A-05 (退货 换货 免费维修 付费维修 退款 部分退款 补发 优惠券 加急)."""

    RETURN = "return", _("Return")
    EXCHANGE = "exchange", _("Exchange")
    FREE_REPAIR = "free_repair", _("Free repair")
    PAID_REPAIR = "paid_repair", _("Paid repair")
    REFUND = "refund", _("Full refund")
    PARTIAL_REFUND = "partial_refund", _("Partial refund")
    RESHIP = "reship", _("Reship")
    COUPON = "coupon", _("Coupon compensation")
    EXPEDITE = "expedite", _("Expedite")


class TrackingStep(models.TextChoices):
    """A step of carrying out a solution (A-10); the customer is told each one (A-07)."""

    ITEM_RECEIVED = "item_received", _("Item received")
    INSPECTED = "inspected", _("Inspected")
    SHIPPED_BACK = "shipped_back", _("Shipped to the customer")
    REFUNDED = "refunded", _("Refunded")
    COMPLETED = "completed", _("Completed")


_RECEIVE = (TrackingStep.ITEM_RECEIVED, TrackingStep.INSPECTED)
# Which tracking steps each kind goes through, in order (data, not code paths).
TRACKING_STEPS: dict[str, tuple[str, ...]] = {
    SolutionKind.RETURN: (*_RECEIVE, TrackingStep.REFUNDED, TrackingStep.COMPLETED),
    SolutionKind.EXCHANGE: (*_RECEIVE, TrackingStep.SHIPPED_BACK, TrackingStep.COMPLETED),
    SolutionKind.FREE_REPAIR: (*_RECEIVE, TrackingStep.SHIPPED_BACK, TrackingStep.COMPLETED),
    SolutionKind.PAID_REPAIR: (*_RECEIVE, TrackingStep.SHIPPED_BACK, TrackingStep.COMPLETED),
    SolutionKind.REFUND: (TrackingStep.REFUNDED, TrackingStep.COMPLETED),
    SolutionKind.PARTIAL_REFUND: (TrackingStep.REFUNDED, TrackingStep.COMPLETED),
    SolutionKind.RESHIP: (TrackingStep.SHIPPED_BACK, TrackingStep.COMPLETED),
    SolutionKind.COUPON: (TrackingStep.COMPLETED,),
    SolutionKind.EXPEDITE: (TrackingStep.COMPLETED,),
}
_REPAIRS = (SolutionKind.FREE_REPAIR, SolutionKind.PAID_REPAIR)
# How a step reads to the customer where the kind changes it (000 §三(三): 收到您的手机 /
# 开始维修 / 维修完成).
STEP_LABELS_BY_KIND: dict[tuple[str, str], Promise] = {
    **{
        (kind, TrackingStep.INSPECTED): _("Inspected; the repair is under way") for kind in _REPAIRS
    },
    **{(kind, TrackingStep.COMPLETED): _("Repair finished") for kind in _REPAIRS},
}


def step_label(kind: str, step: str) -> str:
    """The customer-facing name of ``step`` of a solution of ``kind``."""
    label = STEP_LABELS_BY_KIND.get((kind, step))
    return str(label if label is not None else TrackingStep(step).label)


# Kinds whose amount the agent must state (what is refunded, charged or given).
AMOUNT_REQUIRED = frozenset(
    {SolutionKind.PARTIAL_REFUND, SolutionKind.PAID_REPAIR, SolutionKind.COUPON}
)


class Solution(models.Model):
    """One option offered to the customer (A-05), tracked to completion once chosen (A-10)."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        CHOSEN = "chosen", _("Chosen")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="solutions")
    kind = models.CharField(_("kind"), max_length=20, choices=SolutionKind.choices)
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"), default=0)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    offered_by = models.ForeignKey(
        User,
        verbose_name=_("offered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    chosen_at = models.DateTimeField(_("chosen"), null=True, blank=True)
    item_received_at = models.DateTimeField(_("item received"), null=True, blank=True)
    inspected_at = models.DateTimeField(_("inspected"), null=True, blank=True)
    shipped_back_at = models.DateTimeField(_("shipped back"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["offered_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def steps(self) -> tuple[str, ...]:
        return TRACKING_STEPS[self.kind]

    def step_done_at(self, step: str) -> object:
        return getattr(self, f"{step}_at")

    @property
    def next_step(self) -> str | None:
        """The first step not yet recorded, or None when all are done."""
        return next((s for s in self.steps if self.step_done_at(s) is None), None)


class EscalationTarget(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("After-sales manager")
    TECH_SUPPORT = "tech_support", _("Tech support")


class Escalation(models.Model):
    """A ticket handed up with a reason (升级, A-09); answered within the policy's 10 minutes."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="escalations")
    target = models.CharField(_("escalated to"), max_length=20, choices=EscalationTarget.choices)
    to_user = models.ForeignKey(
        User,
        verbose_name=_("to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations_received",
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        User,
        verbose_name=_("escalated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("escalated"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        User,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "target"], name="escalation_ticket_target")]


class Delay(models.Model):
    """A delay announced to the customer (延迟说明, A-07): reason, new time, compensation."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="delays")
    reason = models.TextField(_("reason"))
    previous_due_at = models.DateTimeField(_("previously promised"))
    new_due_at = models.DateTimeField(_("newly promised"))
    compensation_fen = models.PositiveBigIntegerField(_("compensation (fen)"), default=0)
    compensation_note = models.CharField(_("compensation"), max_length=200, blank=True)
    # Announced after the promised time had already passed: allowed, but on the record.
    late = models.BooleanField(_("announced late"), default=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("announced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("announced"), default=timezone.now)

    class Meta:
        verbose_name = _("delay notice")
        verbose_name_plural = _("delay notices")
        ordering = ["created_at", "id"]
