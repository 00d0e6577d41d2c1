"""The complaint (顧客投訴登記表, K-01): classification, judgment, investigation, closing."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Order, OrderItem
from kefu.core.models import Channel, Department, Team, User
from kefu.customers.models import Customer
from kefu.tickets.models import Ticket


class Status(models.TextChoices):
    """The states of the table in ``complaints/workflow.py`` (004 §六 投訴處理流程)."""

    REGISTERED = "registered", _("Registered")
    CONTACTED = "contacted", _("Contacted")
    JUDGED = "judged", _("Judged valid")
    INVESTIGATING = "investigating", _("Investigating")
    PLANS_PROPOSED = "plans_proposed", _("Plans awaiting approval")
    APPROVED = "approved", _("Plan approved")
    CARRIED_OUT = "carried_out", _("Plan carried out")
    CONFIRMED = "confirmed", _("Confirmed by the customer")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = tuple(s for s in Status.values if s != Status.CLOSED)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    NOT_VALID = "not_valid", _("Not valid, explained")
    MALICIOUS = "malicious", _("Malicious")


class Source(models.TextChoices):
    """Where the complaint was made; anything but ``direct`` is a crisis (K-11, 危机公关)."""

    DIRECT = "direct", _("To us directly")
    PUBLIC_PLATFORM = "public_platform", _("Public platform (Taobao, Weibo, Douyin…)")
    CONSUMER_ASSOCIATION = "consumer_association", _("Consumer association (12315)")
    MEDIA = "media", _("Media")
    COURT = "court", _("Court or lawyer")


CRISIS_SOURCES = frozenset(Source.values) - {Source.DIRECT}


class Nature(models.TextChoices):
    """The complaint's type (投訴性質), the rows of the classification table (K-09)."""

    PRODUCT_QUALITY = "product_quality", _("Product quality")
    SERVICE_ATTITUDE = "service_attitude", _("Service attitude")
    SERVICE_PROCESS = "service_process", _("Service process")
    DELIVERY = "delivery", _("Delivery and logistics")
    WRONG_OR_MISSING = "wrong_or_missing", _("Wrong or missing items")
    PRICE_BILLING = "price_billing", _("Price and billing")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Scope(models.TextChoices):
    """影響範圍: one customer, many customers, or the public."""

    INDIVIDUAL = "individual", _("One customer")
    GROUP = "group", _("Several customers")
    PUBLIC = "public", _("Public impact")


class ConfirmationMethod(models.TextChoices):
    LINK = "link", _("Customer accepted on the confirmation page")
    AGENT = "agent", _("Consent recorded by staff")


class ComplaintSequence(models.Model):
    """The last complaint number given out on a local day; bumped under a row lock."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


def _user(verbose: str, related: str = "+") -> models.ForeignKey[User | None, User | None]:
    return models.ForeignKey(
        User,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related,
    )


class Complaint(models.Model):
    """One complaint of one customer, worked from registration to closing (K-01..K-11)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("complainant"), on_delete=models.PROTECT, related_name="complaints"
    )
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    received_at = models.DateTimeField(_("complaint time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    source = models.CharField(
        _("made through"), max_length=25, choices=Source.choices, default=Source.DIRECT
    )
    source_detail = models.CharField(_("platform or body"), max_length=100, blank=True)
    content = models.TextField(_("complaint content"))
    demand = models.TextField(_("customer demand"), blank=True)
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    order_item = models.ForeignKey(
        OrderItem,
        verbose_name=_("order item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("related ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    nature = models.CharField(_("type"), max_length=20, choices=Nature.choices, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.INDIVIDUAL
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=3)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    owner = _user(_("owner"), "owned_complaints")
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    created_by = _user(_("registered by"))
    crisis = models.BooleanField(_("crisis"), default=False)
    escalated_at = models.DateTimeField(_("escalated to a manager"), null=True, blank=True)
    first_contacted_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    valid = models.BooleanField(_("valid"), null=True, blank=True)
    judgment_note = models.TextField(_("judgment"), blank=True)
    judged_at = models.DateTimeField(_("judged"), null=True, blank=True)
    judged_by = _user(_("judged by"))
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    responsible_person = _user(_("responsible person"), "complaints_responsible")
    investigation_due_at = models.DateTimeField(
        _("investigation promised by"), null=True, blank=True
    )
    cause = models.TextField(_("cause"), blank=True)
    investigated_at = models.DateTimeField(_("investigated"), null=True, blank=True)
    # Bumped each time a plan is approved: a confirmation link names the version it shows.
    plan_version = models.PositiveIntegerField(_("plan version"), default=0)
    carried_out_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    carried_out_note = models.TextField(_("what was done"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed by the customer"), null=True, blank=True)
    confirmation_method = models.CharField(
        _("confirmed through"), max_length=10, choices=ConfirmationMethod.choices, blank=True
    )
    confirmation_note = models.TextField(_("confirmation note"), blank=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    follow_up_satisfied = models.BooleanField(_("satisfied at follow-up"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    # 追責: seen only by supervisors and managers (K-07); never on the customer's timeline.
    accountability_note = models.TextField(_("accountability note"), blank=True)
    accountability_at = models.DateTimeField(_("accountability noted"), null=True, blank=True)
    accountability_by = _user(_("accountability noted by"))
    malicious = models.BooleanField(_("flagged as malicious"), default=False)
    malicious_reason = models.TextField(_("why malicious"), blank=True)
    malicious_flagged_at = models.DateTimeField(_("flagged"), null=True, blank=True)
    malicious_flagged_by = _user(_("flagged by"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["team", "status", "-received_at"], name="complaint_team_list"),
            models.Index(fields=["owner", "status", "-received_at"], name="complaint_owner_list"),
            models.Index(fields=["status", "-received_at"], name="complaint_status_list"),
            models.Index(fields=["-received_at", "-id"], name="complaint_received"),
            models.Index(fields=["customer", "-received_at"], name="complaint_customer"),
            models.Index(
                fields=["crisis", "status"], name="complaint_crisis", condition=Q(crisis=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=3), name="complaint_priority_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) | ~Q(status="closed"),
                name="complaint_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED
