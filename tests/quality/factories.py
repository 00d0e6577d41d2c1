"""Factories of the quality app."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory

from kefu.quality.models import BannedPhrase, ConversationScore
from kefu.quality.scoring import WEIGHTS


class BannedPhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BannedPhrase
        django_get_or_create = ("phrase",)

    phrase = factory.Sequence(lambda n: f"禁用语{n}")
    category = "refusal"
    alternative = "我会尽力帮您解决。"


def criteria(**failed: int) -> list[dict[str, object]]:
    """Every criterion at full points except the ``failed`` ones, given their points."""
    return [
        {"code": code, "points": failed.get(code, weight), "weight": weight, "reason": code}
        for code, weight in WEIGHTS.items()
    ]


class ScoreFactory(factory.django.DjangoModelFactory):
    """A ticket closed 2026-03-16 10:00 (Shanghai) scored 100; ``agent`` and ``team`` given."""

    class Meta:
        model = ConversationScore

    subject_type = "tickets.ticket"
    subject_id = factory.Sequence(str)
    subject_label = factory.Sequence(lambda n: f"T260316{n:04d}")
    closed_at = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)
    month = date(2026, 3, 1)
    score = factory.LazyAttribute(lambda s: sum(int(c["points"]) for c in s.criteria))
    criteria = factory.LazyFunction(criteria)
