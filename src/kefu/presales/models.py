"""Pre-sales records: inquiries and their replies, leads with 5W1H needs, recommendations,
objections, and which opening script greets on which channel at which time of day (S-01..S-09)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Category, Order, Product
from kefu.core.models import Channel, Team, User
from kefu.customers.models import Customer
from kefu.knowledge.models import Script

# 电话咨询需在3声铃响内接听 (000 §二(一)): a count of rings, not a duration, so not a policy.
PHONE_RING_LIMIT = 3


class Stage(models.TextChoices):
    """The lead pipeline (S-08), in the order a sale goes."""

    NEW = "new", _("New lead")
    CONTACTED = "contacted", _("Contacted")
    NEEDS_ANALYSED = "needs_analysed", _("Needs analysed")
    RECOMMENDED = "recommended", _("Recommended")
    NEGOTIATING = "negotiating", _("Negotiating")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


# The stages a sale passes through, in order; ``Lead.reached`` indexes this list.
FUNNEL = (
    Stage.NEW,
    Stage.CONTACTED,
    Stage.NEEDS_ANALYSED,
    Stage.RECOMMENDED,
    Stage.NEGOTIATING,
    Stage.WON,
)
OPEN_STAGES = FUNNEL[:-1]


class ObjectionKind(models.TextChoices):
    """常见异议类型 (000 §二(四))."""

    PRICE = "price", _("Price")
    FUNCTION = "function", _("Function")
    TRUST = "trust", _("Trust")


class Daypart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class Lead(models.Model):
    """A possible sale to one customer, from the first inquiry to won or lost (线索/商机)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="leads"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NEW)
    # The furthest stage of FUNNEL reached (a lost lead keeps where it got to): the funnel.
    reached = models.PositiveSmallIntegerField(_("furthest stage"), default=0)
    owner = models.ForeignKey(
        User,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL
    )
    lost_reason = models.CharField(_("lost reason"), max_length=200, blank=True)
    order = models.ForeignKey(
        Order, verbose_name=_("order"), null=True, blank=True, on_delete=models.PROTECT
    )
    expected_delivery_on = models.DateField(_("expected delivery"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-stage_changed_at", "-id"]
        indexes = [
            models.Index(fields=["stage", "-stage_changed_at"]),
            models.Index(fields=["owner", "stage", "-stage_changed_at"]),
            models.Index(fields=["team", "stage", "-stage_changed_at"]),
            models.Index(fields=["created_at", "owner"]),
            # The board's capped counts per stage for "mine or my team's", from the index alone.
            models.Index(fields=["stage", "team", "owner"], name="lead_stage_team_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="lost") | ~Q(lost_reason=""), name="lead_lost_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.customer}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class Inquiry(models.Model):
    """What a customer asked, on which channel, and when it was answered (售前咨询, S-01)."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="inquiries"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="inquiries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL
    )
    question = models.TextField(_("question"))
    received_at = models.DateTimeField(_("received"))
    answered_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    rings = models.PositiveSmallIntegerField(_("rings before answer"), null=True, blank=True)
    owner = models.ForeignKey(
        User, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-received_at"]),
            models.Index(fields=["team", "-received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.question[:30]}"

    @property
    def answered_in_rings(self) -> bool | None:
        return None if self.rings is None else self.rings <= PHONE_RING_LIMIT


class Reply(models.Model):
    """One answer to an inquiry; the first is checked for the three parts of an opening."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(User, verbose_name=_("agent"), on_delete=models.PROTECT)
    body = models.TextField(_("reply"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    first = models.BooleanField(_("first reply"), default=False)
    # The opening check of the first reply (000 §二(一) 问候+自我介绍+服务意图).
    greeting = models.BooleanField(_("greeting"), default=True)
    self_introduction = models.BooleanField(_("self-introduction"), default=True)
    intent = models.BooleanField(_("service intent"), default=True)
    promised = models.BooleanField(_("promised a reply"), default=False)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def opening_complete(self) -> bool:
        return self.greeting and self.self_introduction and self.intent


NEEDS_TEXT_FIELDS = ("decision_maker", "what", "when", "where", "why", "how", "features")
# What the completeness counts: the 5W1H of 000 §二(二) and the budget.
NEEDS_COUNTED = ("decision_maker", "what", "when", "where", "why", "how", "budget_fen")


class NeedsAnalysis(models.Model):
    """The 5W1H record and budget of a lead (需求分析, S-05); every field optional."""

    lead = models.OneToOneField(
        Lead, primary_key=True, on_delete=models.CASCADE, related_name="needs"
    )
    decision_maker = models.CharField(_("who decides"), max_length=200, blank=True)
    what = models.CharField(_("what is needed"), max_length=200, blank=True)
    when = models.CharField(_("when it is needed"), max_length=200, blank=True)
    where = models.CharField(_("where it is used"), max_length=200, blank=True)
    why = models.CharField(_("why they buy"), max_length=200, blank=True)
    how = models.CharField(_("how they buy"), max_length=200, blank=True)
    budget_fen = models.PositiveBigIntegerField(_("budget (fen)"), null=True, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    features = models.CharField(_("features asked for"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("needs analysis")
        verbose_name_plural = _("needs analyses")

    def __str__(self) -> str:
        return f"needs of lead {self.lead_id}"

    @property
    def answered(self) -> list[str]:
        return [name for name in NEEDS_COUNTED if getattr(self, name) not in ("", None)]

    @property
    def completeness(self) -> int:
        """How much of the 5W1H and budget is recorded, in percent."""
        return round(100 * len(self.answered) / len(NEEDS_COUNTED))


class Recommendation(models.Model):
    """A product sent to the customer, with its score and why it matched (S-06)."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="recommendations"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    message = models.TextField(_("message"), blank=True)
    sent_by = models.ForeignKey(User, verbose_name=_("agent"), on_delete=models.PROTECT)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return str(self.product)


class Objection(models.Model):
    """A price, function or trust objection and the RAS answer given (异议, S-07)."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="objections"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ObjectionKind.choices)
    words = models.TextField(_("what the customer said"))
    answer = models.TextField(_("answer"), blank=True)
    script = models.ForeignKey(
        Script, verbose_name=_("script"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_by = models.ForeignKey(User, verbose_name=_("agent"), on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["kind", "recorded_at"])]

    def __str__(self) -> str:
        return self.get_kind_display()


class Opening(models.Model):
    """The opening on a channel at a time of day, ``{brand}``/``{agent_name}`` filled in; blank
    means any. Without a matching rule the script library's first opening is used (S-03)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    daypart = models.CharField(_("time of day"), max_length=10, choices=Daypart.choices, blank=True)
    body = models.TextField(_("opening"))
    seed = models.CharField(_("source in the procedures"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opening rule")
        verbose_name_plural = _("opening rules")
        constraints = [models.UniqueConstraint(fields=["channel", "daypart"], name="opening_once")]

    def __str__(self) -> str:
        return f"{self.channel or '*'} · {self.daypart or '*'}"
