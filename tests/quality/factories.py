"""Factories of the quality app."""

from __future__ import annotations

import factory

from kefu.quality.models import BannedPhrase


class BannedPhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BannedPhrase
        django_get_or_create = ("phrase",)

    phrase = factory.Sequence(lambda n: f"禁用语{n}")
    category = "refusal"
    alternative = "我会尽力帮您解决。"
