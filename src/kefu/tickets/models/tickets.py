"""The ticket (工单, A-01..A-03), its messages and its files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Order, OrderItem
from kefu.core.models import Channel, Team, User
from kefu.customers.models import Customer
from kefu.tickets.guides import Quadrant, quadrant


class Category(models.TextChoices):
    """问题分类 (000 §三(二)): 产品质量问题 / 服务流程问题 / 客户使用问题."""

    PRODUCT_QUALITY = "product_quality", _("Product quality")
    SERVICE_PROCESS = "service_process", _("Service process")
    CUSTOMER_USAGE = "customer_usage", _("Customer usage")


class Subtype(models.TextChoices):
    """The six cases of seed 002 见招拆招处理好."""

    EXPECTATION_MISMATCH = "expectation_mismatch", _("Not as expected")
    SERVICE_DISSATISFACTION = "service_dissatisfaction", _("Unhappy with the service")
    WRONG_OR_MISSING_ITEMS = "wrong_or_missing_items", _("Wrong or missing items")
    DELIVERY_DELAY = "delivery_delay", _("Delivery delay")
    TRANSPORT_DAMAGE = "transport_damage", _("Damaged in transport")
    QUALITY_DEFECT = "quality_defect", _("Quality defect")


class Status(models.TextChoices):
    """The states of the table in ``tickets/workflow.py``."""

    NEW = "new", _("New")
    DIAGNOSING = "diagnosing", _("Diagnosing")
    SOLUTION_OFFERED = "solution_offered", _("Solution offered")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged")


# Sorts after every real deadline: an open ticket with nothing due goes to the end of the queue.
NO_DEADLINE = datetime(9999, 12, 31, tzinfo=UTC)

OPEN_STATUSES = (
    Status.NEW,
    Status.DIAGNOSING,
    Status.SOLUTION_OFFERED,
    Status.IN_PROGRESS,
    Status.RESOLVED,
)


class TicketSequence(models.Model):
    """The last ticket number given out on a local day; bumped under a row lock."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Ticket(models.Model):
    """One after-sales case of one customer (售后工单), worked through the six-step flow."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # ticket_customer leads with it: one B-tree less to write per insert
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    order_item = models.ForeignKey(
        OrderItem,
        verbose_name=_("order item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    description = models.TextField(_("problem description"))
    demand = models.TextField(_("customer demand"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    subtype = models.CharField(_("sub-type"), max_length=30, choices=Subtype.choices, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    important = models.BooleanField(_("important"), default=False)
    agitated = models.BooleanField(_("customer agitated"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        User,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        db_index=False,  # ticket_assignee_queue leads with it
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        db_index=False,  # ticket_team_queue leads with it
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_responded_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    promised_resolution_at = models.DateTimeField(_("promised resolution"), null=True, blank=True)
    # The earliest unmet deadline of the ticket or of its open escalations, kept by the
    # services whenever a deadline opens or closes (see services/deadlines.py).
    next_due_at = models.DateTimeField(_("next due"), null=True, blank=True)
    # The queue's sort key: ``next_due_at``, or NO_DEADLINE for an open ticket with nothing
    # due (it sorts last); NULL once closed or merged, so the indexes below reach the open
    # tickets only and "soonest deadline first" is an index scan, never a sort of the table.
    queue_due_at = models.DateTimeField(null=True, blank=True, default=NO_DEADLINE, editable=False)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    satisfaction_asked_at = models.DateTimeField(_("satisfaction asked"), null=True, blank=True)
    satisfaction_confirmed = models.BooleanField(_("customer satisfied"), null=True, blank=True)
    satisfaction_note = models.TextField(_("satisfaction note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_tickets",
    )
    version = models.PositiveIntegerField(default=1)
    # The ticket's id in the helpdesk it was imported from (``kefu import tickets``): a
    # re-import finds and updates it by this.
    external_id = models.CharField(
        _("external id"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["queue_due_at", "id"],
                name="ticket_open_queue",
                condition=Q(queue_due_at__isnull=False),
            ),
            # Not partial: an agent's queue is "team OR mine", and each leg of that OR scans
            # its index from the first non-NULL key, i.e. the open tickets only.
            models.Index(fields=["team", "queue_due_at", "id"], name="ticket_team_queue"),
            models.Index(fields=["assignee", "queue_due_at", "id"], name="ticket_assignee_queue"),
            models.Index(fields=["status", "queue_due_at", "id"], name="ticket_status_queue"),
            models.Index(fields=["customer", "-created_at"], name="ticket_customer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="ticket_merged_into_iff_merged",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def quadrant(self) -> Quadrant:
        """The four-quadrant cell (003 §2.2) of this ticket: priority, handling, strategy."""
        return quadrant(urgent=self.urgent, important=self.important)

    @property
    def priority(self) -> int:
        """1 (urgent and important) … 4 (neither), per the four quadrants."""
        return self.quadrant.priority

    @property
    def status_label(self) -> str:
        return str(self.get_status_display())

    @property
    def customer_name(self) -> str:
        return self.customer.name

    @property
    def order_number(self) -> str | None:
        return self.order.number if self.order_id else None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    INTERNAL = "internal", _("Internal note")


class TicketMessage(models.Model):
    """What the customer said, what we answered, or an internal note, on the ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    author = models.ForeignKey(
        User,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticket_message_time")]


class PrivateStorage(FileSystemStorage):
    """``MEDIA_ROOT/private``: outside static and never served by whitenoise or by URL; only
    the permission-checked download reads it. The root is read from settings at each use."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(Path(settings.MEDIA_ROOT) / "private")

    @property
    def location(self) -> str:  # type: ignore[override]
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> Storage:
    """The private bucket when KEFU_S3_BUCKET is set (private ACL, signed URLs), else disk."""
    if settings.KEFU_S3_BUCKET:
        return storages["default"]
    return PrivateStorage()


def attachment_path(instance: Attachment, filename: str) -> str:
    now = timezone.now()
    return f"tickets/{now:%Y/%m}/{uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    """A photo or PDF the customer sent (A-01); content checked by its magic bytes."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
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
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticket_attachment_time")]

    def __str__(self) -> str:
        return self.original_name
