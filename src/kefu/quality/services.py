"""Every write of the quality app: the banned-phrase list, which is data, not code."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.quality.checker import simplified
from kefu.quality.models import BannedPhrase, PhraseCategory


def phrase_errors(row: BannedPhrase) -> dict[str, str]:
    """What is wrong with a banned phrase about to be saved (its phrase already normalised)."""
    errors = {}
    if not row.phrase:
        errors["phrase"] = _("Give the phrase.")
    elif BannedPhrase.objects.filter(phrase=row.phrase).exclude(pk=row.pk).exists():
        errors["phrase"] = _("This phrase is already on the list.")
    if row.category not in PhraseCategory.values:
        errors["category"] = _("Choose a category.")
    if not row.alternative.strip():
        errors["alternative"] = _("Say what the agent should say instead.")
    if any(row.phrase not in simplified(e) for e in row.exception_list if row.phrase):
        errors["exceptions"] = _("Each allowed expression must contain the phrase.")
    return errors


@transaction.atomic
def save_banned_phrase(*, actor: User, phrase: BannedPhrase) -> BannedPhrase:
    """Save a new or edited banned phrase; the reply checker uses it from the next check.

    The phrase is stored in Simplified Chinese; Traditional replies are matched through it.
    Implements G-01.
    """
    require(actor, "phrase.manage")
    phrase.phrase = simplified(str(phrase.phrase).strip())
    errors = phrase_errors(phrase)
    if errors:
        raise InvalidInput("phrase_invalid", _("The banned phrase is not valid."), errors)
    created = phrase.pk is None
    phrase.save()
    record_audit(
        actor=actor,
        action="phrase.created" if created else "phrase.updated",
        subject=phrase,
        summary=phrase.phrase,
    )
    return phrase
