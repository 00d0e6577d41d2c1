"""Explainable product scoring from a lead's needs (S-06): each point has a reason.

推荐逻辑 (000 §二(三)): 基于客户需求 (the category and the features asked for, matched against
the product's selling points), 结合客户预算 (the price within the budget). A product scores
40 for the category, 30 within budget (10 up to a tenth over), 10 per feature asked for that a
selling point names (at most 30); nothing else counts, so the reasons add up to the score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from kefu.catalog.models import Product
from kefu.presales.models import NeedsAnalysis

CATEGORY_POINTS, BUDGET_POINTS, NEAR_BUDGET_POINTS, FEATURE_POINTS = 40, 30, 10, 10
MAX_FEATURE_POINTS = 30
NEAR_BUDGET = Decimal("1.1")
CANDIDATES = 500
SEPARATORS = re.compile(r"[，,、;；/\s]+")


@dataclass
class Match:
    product: Product
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    selling_points: list[str] = field(default_factory=list)

    @property
    def price(self) -> str:
        return yuan(self.product.price_fen)


def yuan(fen: int) -> str:
    return f"¥{Decimal(fen) / 100:,.2f}"


def features_of(needs: NeedsAnalysis) -> list[str]:
    return [f for f in SEPARATORS.split(needs.features.strip()) if f]


def _points(product: Product) -> list[str]:
    return [p.strip(" -·•") for p in product.selling_points.splitlines() if p.strip(" -·•")]


def score_product(product: Product, needs: NeedsAnalysis) -> Match:
    """The score of ``product`` for ``needs`` and the reason for every point."""
    match = Match(product, selling_points=_points(product))
    if needs.category_id is not None and product.category_id == needs.category_id:
        match.score += CATEGORY_POINTS
        match.reasons.append(_("In the category asked for: %(c)s") % {"c": product.category})
    if needs.budget_fen:
        if product.price_fen <= needs.budget_fen:
            match.score += BUDGET_POINTS
            match.reasons.append(
                _("Price %(p)s within the budget of %(b)s")
                % {"p": yuan(product.price_fen), "b": yuan(needs.budget_fen)}
            )
        elif product.price_fen <= needs.budget_fen * NEAR_BUDGET:
            match.score += NEAR_BUDGET_POINTS
            match.reasons.append(
                _("Price %(p)s slightly over the budget of %(b)s")
                % {"p": yuan(product.price_fen), "b": yuan(needs.budget_fen)}
            )
    text = f"{product.name}\n{product.selling_points}"
    found = [f for f in features_of(needs) if f in text]
    if found:
        match.score += min(FEATURE_POINTS * len(found), MAX_FEATURE_POINTS)
        match.reasons.append(_("Has the features asked for: %(f)s") % {"f": "、".join(found)})
        match.selling_points.sort(key=lambda p: not any(f in p for f in found))
    return match


def rank_products(needs: NeedsAnalysis, *, limit: int = 5) -> list[Match]:
    """Products on sale ranked for ``needs``, best first (cheaper first on a tie); only those
    with at least one reason. Candidates are the category's products first."""
    qs = Product.objects.filter(active=True).select_related("category")
    if needs.category_id is not None:
        qs = qs.annotate(
            in_category=Case(
                When(category_id=needs.category_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("in_category", "price_fen", "pk")
    else:
        qs = qs.order_by("price_fen", "pk")
    matches = [score_product(p, needs) for p in qs[:CANDIDATES]]
    ranked = sorted((m for m in matches if m.score), key=lambda m: (-m.score, m.product.price_fen))
    return ranked[:limit]
