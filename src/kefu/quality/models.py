"""Service-quality records: banned phrases (G-01), improvement actions (K-09, Q-04) and
conversation QA scores (G-04)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PhraseCategory(models.TextChoices):
    REFUSAL = "refusal", _("Refusal")
    IGNORANCE = "ignorance", _("Ignorance")
    BLAME = "blame", _("Blaming the customer or others")
    ARGUING = "arguing", _("Arguing")
    OVER_PROMISE = "over_promise", _("Over-promising")


class BannedPhrase(models.Model):
    """A phrase a reply must not contain, and what to say instead."""

    phrase = models.CharField(_("phrase"), max_length=40, unique=True)
    category = models.CharField(_("kind"), max_length=20, choices=PhraseCategory.choices)
    alternative = models.TextField(_("positive alternative"))
    exceptions = models.TextField(
        _("allowed inside"),
        blank=True,
        help_text=_(
            "One expression per line that contains the phrase and is fine (可不可以 for 不可以)."
        ),
    )
    seed = models.CharField(_("source in the procedures"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("banned phrase")
        verbose_name_plural = _("banned phrases")
        ordering = ["category", "phrase"]

    def __str__(self) -> str:
        return self.phrase

    @property
    def exception_list(self) -> list[str]:
        return [line.strip() for line in self.exceptions.splitlines() if line.strip()]


# --- improvement actions (K-09, Q-04) ---------------------------------------------------------

# An origin's category codes and their labels (complaint types, survey reasons), registered by
# the app that owns them: quality is the lower layer and knows no complaint or survey.
_category_choices: dict[str, type[models.TextChoices]] = {}


def register_categories(origin: str, choices: type[models.TextChoices]) -> None:
    _category_choices[origin] = choices


class Origin(models.TextChoices):
    COMPLAINTS = "complaints", _("Complaints")
    SURVEYS = "surveys", _("Satisfaction surveys")


class ImprovementAction(models.Model):
    """改进措施: an action drawn from complaints or dissatisfaction reasons, with an owner and a
    due date, tracked to done. One model for complaints (K-09) and surveys (Q-04); the record
    it came from is referenced by kind and id, like the audit log's subject."""

    origin = models.CharField(_("raised from"), max_length=20, choices=Origin.choices)
    source_type = models.CharField(_("source kind"), max_length=100, blank=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    source_label = models.CharField(_("source"), max_length=64, blank=True)
    title = models.CharField(_("action"), max_length=200)
    category = models.CharField(_("type"), max_length=30, blank=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("report month"), null=True, blank=True)
    owner = models.ForeignKey(
        "core.User",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_note = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["done_at", "due_on", "id"]
        indexes = [
            models.Index(fields=["origin", "done_at", "due_on"], name="improvement_origin_open"),
            models.Index(fields=["source_type", "source_id"], name="improvement_source"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self) -> str:
        choices = _category_choices.get(self.origin)
        if not self.category or choices is None or self.category not in choices.values:
            return self.category
        return str(choices(self.category).label)


# --- conversation QA score (G-04) -------------------------------------------------------------


class ConversationScore(models.Model):
    """质检评分: one closed conversation scored against the six steps and the service rules,
    with the reason of each criterion; a supervisor may override it with a note."""

    subject_type = models.CharField(_("kind"), max_length=100)
    subject_id = models.CharField(_("id"), max_length=64)
    subject_label = models.CharField(_("number"), max_length=64)
    agent = models.ForeignKey(
        "core.User",
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversation_scores",
    )
    team = models.ForeignKey(
        "core.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL
    )
    closed_at = models.DateTimeField(_("closed"))
    month = models.DateField(_("month"))
    score = models.PositiveSmallIntegerField(_("score"))
    criteria = models.JSONField(_("criteria"), default=list)
    override_score = models.PositiveSmallIntegerField(_("overridden score"), null=True, blank=True)
    override_note = models.TextField(_("override note"), blank=True)
    overridden_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(_("overridden"), null=True, blank=True)
    scored_at = models.DateTimeField(_("scored"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation score")
        verbose_name_plural = _("conversation scores")
        ordering = ["-closed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="one_score_per_conversation"
            )
        ]
        indexes = [models.Index(fields=["month", "agent"], name="score_month_agent")]

    def __str__(self) -> str:
        return f"{self.subject_label}: {self.final_score}"

    @property
    def final_score(self) -> int:
        return self.override_score if self.override_score is not None else self.score
