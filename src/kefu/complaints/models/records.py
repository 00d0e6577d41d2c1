"""What a complaint collects: plans, conversation records, files, confirmation links, policy
texts (its improvement actions are quality's one ImprovementAction)."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.complaints.models.complaints import Complaint
from kefu.core.models import Channel, User
from kefu.tickets.models import private_storage


class CompensationKind(models.TextChoices):
    """补偿: what the customer gets under a plan (000 §三(五): 全额退款，并补偿您100元优惠券)."""

    NONE = "none", _("No compensation")
    REFUND = "refund", _("Full refund")
    PARTIAL_REFUND = "partial_refund", _("Partial refund")
    EXCHANGE = "exchange", _("Exchange")
    FREE_REPAIR = "free_repair", _("Free repair")
    COUPON = "coupon", _("Coupon")
    CASH = "cash", _("Cash compensation")
    GIFT = "gift", _("Gift")
    OTHER = "other", _("Other")


# Kinds whose amount must be given (in fen).
AMOUNT_REQUIRED = frozenset(
    {CompensationKind.PARTIAL_REFUND, CompensationKind.COUPON, CompensationKind.CASH}
)


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    NOT_CHOSEN = "not_chosen", _("Not chosen")
    REJECTED = "rejected", _("Rejected by the customer")


class Plan(models.Model):
    """One solution plan (处理方案) with its compensation, proposed for approval (K-06)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="plans")
    description = models.TextField(_("plan"))
    compensation_kind = models.CharField(
        _("compensation"),
        max_length=20,
        choices=CompensationKind.choices,
        default=CompensationKind.NONE,
    )
    compensation_fen = models.PositiveIntegerField(_("amount (fen)"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    approved_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approval_note = models.TextField(_("instruction"), blank=True)
    rejection_reason = models.TextField(_("why the customer rejected it"), blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(status="approved"),
                name="complaint_one_approved_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:40]


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    INTERNAL = "internal", _("Internal note")


class ComplaintMessage(models.Model):
    """A conversation record: what the customer said, what we said, or an internal note."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    body = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    author = models.ForeignKey(
        User,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Marked as evidence of a malicious complaint (K-10).
    evidence = models.BooleanField(_("kept as evidence"), default=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation record")
        verbose_name_plural = _("conversation records")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="complaint_message_time")]


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    CONSENT = "consent", _("Customer consent")
    OTHER = "other", _("Other")


def attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    now = timezone.now()
    return f"complaints/{now:%Y/%m}/{uuid4().hex}{Path(filename).suffix.lower()}"


class ComplaintAttachment(models.Model):
    """A photo or PDF kept on a complaint: evidence, a signed consent, or anything else."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(
        _("kind"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.OTHER
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint attachment")
        verbose_name_plural = _("complaint attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ConfirmationLink(models.Model):
    """A single-use, expiring link to one approved plan version; only its hash is stored (K-07)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="confirmation_links"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    plan_version = models.PositiveIntegerField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("confirmation link")
        verbose_name_plural = _("confirmation links")
        indexes = [models.Index(fields=["complaint", "created_at"], name="confirmation_link_time")]


class PolicyText(models.Model):
    """A handling rule the shop words itself, e.g. how malicious complaints are handled (K-10)."""

    class Key(models.TextChoices):
        MALICIOUS = "malicious", _("Malicious complaints")

    key = models.CharField(_("rule"), max_length=20, choices=Key.choices, unique=True)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("complaint handling rule")
        verbose_name_plural = _("complaint handling rules")

    def __str__(self) -> str:
        return str(self.get_key_display())
