"""Banned phrases (禁用语) with their positive alternatives, kept as data an admin edits (G-01)."""

from __future__ import annotations

from django.db import models
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
