"""The script library (话术) by scene and the knowledge base of solutions and tutorials (N-*)."""

from __future__ import annotations

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# `{word}` tokens in a script body; nothing else in a body is ever interpreted.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = (
    "brand",
    "agent_name",
    "customer_name",
    "order_number",
    "product",
    "reason",
    "eta",
    "compensation",
    "service",
    "service_time",
    "wish",
)


class Scene(models.TextChoices):
    """When a script is used; the order is the order of a conversation."""

    OPENING = "opening", _("Opening")
    PROMISE_CHECK = "promise_check", _("Promise to check and reply")
    NEEDS_ANALYSIS = "needs_analysis", _("Needs analysis")
    RECOMMENDATION = "recommendation", _("Product recommendation")
    OBJECTION_PRICE = "objection_price", _("Price objection")
    OBJECTION_FUNCTION = "objection_function", _("Function objection")
    OBJECTION_TRUST = "objection_trust", _("Trust objection")
    AFTER_DEAL = "after_deal", _("After the deal")
    SOOTHING = "soothing", _("Soothing")
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    OFFER = "offer", _("Offering solutions")
    PROGRESS = "progress", _("Progress notice")
    DELAY_NOTICE = "delay_notice", _("Delay notice")
    QUALITY_PROBLEM = "quality_problem", _("Product quality problem")
    DELIVERY_DELAY = "delivery_delay", _("Delivery delay")
    ESCALATION = "escalation", _("Escalated complaint")
    COMPLAINT_LISTEN = "complaint_listen", _("Complaint: listen")
    COMPLAINT_APOLOGISE = "complaint_apologise", _("Complaint: apologise")
    COMPLAINT_SOLVE = "complaint_solve", _("Complaint: solve")
    COMPLAINT_FOLLOW_UP = "complaint_follow_up", _("Complaint: follow up")
    SATISFACTION_CHECK = "satisfaction_check", _("Satisfaction check")
    CLOSING = "closing", _("Closing")
    CALLBACK_OPENING = "callback_opening", _("Callback: opening")
    CALLBACK_QUESTION = "callback_question", _("Callback: question")
    CALLBACK_SATISFIED = "callback_satisfied", _("Callback: satisfied")
    CALLBACK_UNSATISFIED = "callback_unsatisfied", _("Callback: unsatisfied or neutral")
    CALLBACK_CLOSING_SATISFIED = "callback_closing_satisfied", _("Callback: closing, satisfied")
    CALLBACK_CLOSING_UNSATISFIED = (
        "callback_closing_unsatisfied",
        _("Callback: closing, unsatisfied or neutral"),
    )
    CARE = "care", _("Care touch")
    REPURCHASE = "repurchase", _("Repurchase")


# Seed 000 §三(五) 处理流程: 倾听 → 道歉 → 解决 → 跟进, the complaint composer's four steps.
COMPLAINT_STEPS = (
    Scene.COMPLAINT_LISTEN,
    Scene.COMPLAINT_APOLOGISE,
    Scene.COMPLAINT_SOLVE,
    Scene.COMPLAINT_FOLLOW_UP,
)


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    ZH_HANT = "zh-hant", "繁體中文"
    EN = "en", "English"


class Category(models.TextChoices):
    """The ticket categories (A-02), as plain codes shared with the tickets app."""

    PRODUCT_QUALITY = "product_quality", _("Product quality")
    SERVICE_PROCESS = "service_process", _("Service process")
    CUSTOMER_USAGE = "customer_usage", _("Customer usage")


class Subtype(models.TextChoices):
    """The six problem sub-types of seed 002 (A-02)."""

    EXPECTATION_MISMATCH = "expectation_mismatch", _("Not as expected")
    SERVICE_DISSATISFACTION = "service_dissatisfaction", _("Dissatisfied with service")
    WRONG_OR_MISSING_ITEMS = "wrong_or_missing_items", _("Wrong or missing items")
    DELIVERY_DELAY = "delivery_delay", _("Delivery delay")
    TRANSPORT_DAMAGE = "transport_damage", _("Transport damage")
    QUALITY_DEFECT = "quality_defect", _("Quality defect")


class Script(models.Model):
    """One script of the library: a body with `{placeholder}` tokens, quoted from a seed."""

    scene = models.CharField(_("scene"), max_length=40, choices=Scene.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("body"))
    notes = models.TextField(_("notes"), blank=True, help_text=_("What to avoid (注意事项)."))
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    seed = models.CharField(_("source in the procedures"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("script")
        verbose_name_plural = _("scripts")
        ordering = ["scene", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scene", "language", "title"], name="knowledge_script_unique_title"
            )
        ]
        indexes = [models.Index(fields=["scene", "language", "active"])]

    def __str__(self) -> str:
        return self.title

    @property
    def placeholders(self) -> list[str]:
        """The placeholder names of the body, each once, in order of appearance."""
        return list(dict.fromkeys(PLACEHOLDER.findall(self.body)))


class KnowledgeArticle(models.Model):
    """A solution or tutorial of the knowledge base, filed under a ticket category (N-01)."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    category = models.CharField(_("problem category"), max_length=30, choices=Category.choices)
    subtype = models.CharField(_("sub-type"), max_length=30, choices=Subtype.choices, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["published", "category", "subtype", "updated_at"])]

    def __str__(self) -> str:
        return self.title
