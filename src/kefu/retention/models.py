"""Retention records: consent history, care rules and the touches they sent, the shop's contact
caps, and outbound (telemarketing) campaigns with their leads and calls (R-01..R-04)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Product
from kefu.core.models import Team, User
from kefu.customers.models import Customer


class ConsentSource(models.TextChoices):
    """Where a consent or its withdrawal came from (recorded with the time, R-03)."""

    AGENT = "agent", _("Recorded by an agent")
    CUSTOMER_FORM = "form", _("Customer form")
    UNSUBSCRIBE_LINK = "unsubscribe", _("Unsubscribe link")
    CALL = "call", _("Telemarketing call")
    IMPORT = "import", _("Import")


class ConsentRecord(models.Model):
    """One grant or withdrawal of marketing consent; the Customer row holds the current one."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    granted = models.BooleanField(_("agrees to marketing"))
    source = models.CharField(_("source"), max_length=12, choices=ConsentSource.choices)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["customer", "-recorded_at"], name="consent_customer")]


class RetentionSettings(models.Model):
    """The shop's contact cap, one row edited by a manager: at most ``max_touches`` marketing
    touches per customer, over all rules, within the ``retention.cap_window`` SLA policy."""

    max_touches = models.PositiveSmallIntegerField(
        _("marketing touches per customer in the window"), default=2
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("retention settings")
        verbose_name_plural = _("retention settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> RetentionSettings:
        return cls.objects.get_or_create(pk=1)[0]


class CareKind(models.TextChoices):
    """关怀 (000 §三(六), 002 关怀带来回头客) and 复购 (R-02)."""

    USAGE_TIP = "usage_tip", _("Monthly usage tip")
    BIRTHDAY = "birthday", _("Birthday coupon")
    HOLIDAY = "holiday", _("Holiday greeting")
    NEW_PRODUCT = "new_product", _("New product preview")
    EARLY_ACCESS = "early_access", _("Member early access")
    MAINTENANCE = "maintenance", _("Maintenance reminder")
    RELATED = "related", _("Related products")
    REPLACEMENT = "replacement", _("Replacement-cycle reminder")


class CareChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class CareRule(models.Model):
    """A care or repurchase automation: what (kind, message), to whom (audience), when."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=14, choices=CareKind.choices)
    channel = models.CharField(
        _("channel"), max_length=8, choices=CareChannel.choices, default=CareChannel.SMS
    )
    content = models.TextField(
        _("content"), blank=True, help_text=_("The tip, coupon or offer put into the template.")
    )
    # The customer filter of kefu.retention.audience: member levels, provinces, tags, categories.
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), default=1)
    lead_days = models.PositiveSmallIntegerField(
        _("days ahead"), default=3, help_text=_("How many days before the date to send.")
    )
    months = models.PositiveSmallIntegerField(_("months after purchase"), null=True, blank=True)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("care rule")
        verbose_name_plural = _("care rules")
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def template_event(self) -> str:
        """The notify templates of this kind: ``retention.birthday`` and so on."""
        return f"retention.{self.kind}"


class Touch(models.Model):
    """One care message a rule decided to send to one customer for one period, never twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Handed to the outbox")
        SUPPRESSED = "suppressed", _("Suppressed (no consent)")

    rule = models.ForeignKey(CareRule, on_delete=models.CASCADE, related_name="touches")
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    # The rule's period: "2026-03" for a monthly tip, "2026" for a birthday, "order-12", ...
    period = models.CharField(_("period"), max_length=40)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    context = models.JSONField(_("details"), default=dict, blank=True)
    # sha256 of the unsubscribe link's token; the token is only in the message sent.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    message_id = models.BigIntegerField(_("notification"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("care touch")
        verbose_name_plural = _("care touches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "customer", "period"], name="touch_once_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["customer", "created_at"], name="touch_customer_cap"),
        ]


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    ARCHIVED = "archived", _("Archived")


class OutboundCampaign(models.Model):
    """电话营销: a lead list from a customer filter, shared among agents, with a goal."""

    name = models.CharField(_("name"), max_length=100)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product offered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    goal = models.PositiveIntegerField(_("goal (interested customers)"))
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)

    class Meta:
        verbose_name = _("outbound campaign")
        verbose_name_plural = _("outbound campaigns")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "-created_at"], name="outbound_state")]

    def __str__(self) -> str:
        return self.name


class CallOutcome(models.TextChoices):
    """What a telemarketing call ended with."""

    NOT_REACHED = "not_reached", _("Not reached")
    INTERESTED = "interested", _("Interested")
    CALL_LATER = "call_later", _("Call again later")
    REFUSED = "refused", _("Refused")


class RefusalReason(models.TextChoices):
    """对拒绝销售客户的分析 (004 §十(二)): why the customer said no."""

    PRICE = "price", _("Price")
    NO_NEED = "no_need", _("No need")
    TRUST = "trust", _("Does not trust us")
    BAD_TIME = "bad_time", _("Not a good time")
    DO_NOT_CALL = "do_not_call", _("Do not call me again")
    OTHER = "other", _("Other")


class Lead(models.Model):
    """One customer on a campaign's list, assigned to an agent; its last outcome."""

    campaign = models.ForeignKey(OutboundCampaign, on_delete=models.CASCADE, related_name="leads")
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        User,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=CallOutcome.choices, blank=True)
    refusal_reason = models.CharField(
        _("refusal reason"), max_length=12, choices=RefusalReason.choices, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_called_at = models.DateTimeField(_("last called"), null=True, blank=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "customer"], name="lead_once_per_campaign")
        ]
        indexes = [
            models.Index(fields=["agent", "outcome"], name="lead_agent_outcome"),
            models.Index(fields=["campaign", "agent"], name="lead_campaign_agent"),
        ]

    @property
    def done(self) -> bool:
        """Called to a final outcome: interested or refused."""
        return self.outcome in (CallOutcome.INTERESTED, CallOutcome.REFUSED)


class LeadCall(models.Model):
    """One call to a lead: the outcome, the script used and the agent's notes."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="calls")
    agent = models.ForeignKey(
        User, verbose_name=_("agent"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    called_at = models.DateTimeField(_("called at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=CallOutcome.choices)
    refusal_reason = models.CharField(
        _("refusal reason"), max_length=12, choices=RefusalReason.choices, blank=True
    )
    script_id = models.BigIntegerField(_("script used"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("lead call")
        verbose_name_plural = _("lead calls")
        ordering = ["called_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="refused") | Q(refusal_reason=""),
                name="lead_call_reason_only_when_refused",
            )
        ]
