"""Working a lead: the state table applied, needs recorded in steps, products recommended,
objections answered, a lead lost or reopened. Every write names the version it read; a stale
one is refused (409) and nothing is written. Implements S-05..S-08.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Category, Product
from kefu.core.concurrency import save_if_current
from kefu.core.errors import InvalidInput
from kefu.core.events import record_event
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.knowledge.models import Script
from kefu.presales.models import (
    FUNNEL,
    NEEDS_TEXT_FIELDS,
    Lead,
    NeedsAnalysis,
    Objection,
    ObjectionKind,
    Recommendation,
    Stage,
)
from kefu.presales.scoring import score_product
from kefu.presales.workflow import BUTTONS, WORKFLOW
from kefu.sla.services import cancel_deadlines

TEXT_MAX, REASON_MAX, WORDS_MAX = 200, 200, 2000
MAX_BUDGET_FEN = 10**12
OBJECTION_SCENES = {
    ObjectionKind.PRICE: "objection_price",
    ObjectionKind.FUNCTION: "objection_function",
    ObjectionKind.TRUST: "objection_trust",
}


def lock(lead: Lead) -> Lead:
    """The lead re-read under a row lock, for a write in the caller's transaction."""
    return Lead.objects.select_for_update().get(pk=lead.pk)


def move(
    actor: User | None,
    lead: Lead,
    version: int | None,
    action: str,
    extra: Sequence[str] = (),
) -> str:
    """Apply ``action`` of the state table to a locked lead and save it (with the ``extra``
    fields set on it) if ``version`` is current; returns the stage it was in. Refusals raise
    before anything is written."""
    was = lead.stage
    target = WORKFLOW.next_state(was, action, actor)
    now = timezone.now()
    fields = ["stage", "reached", "stage_changed_at", "closed_at", *extra]
    if target != was:
        lead.stage, lead.stage_changed_at = target, now
        if target in FUNNEL:
            lead.reached = max(lead.reached, FUNNEL.index(target))
        lead.closed_at = now if target in (Stage.WON, Stage.LOST) else None
    save_if_current(lead, version, fields)
    if target != was:
        record_event(
            "lead.stage_changed",
            subject=lead,
            actor=actor,
            customer_id=lead.customer_id,
            payload={"from": was, "to": target, "action": action},
        )
    return was


def _invalid(code: str, field: str, message: str) -> InvalidInput:
    return InvalidInput(code, message, {field: message})


def parse_budget(value: Any, *, unit: str = "fen") -> int | None:
    """A budget in fen from fen (``unit="fen"``) or yuan text; empty is None; ≤ 0 is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    bad = _invalid("invalid_budget", "budget_fen", _("The budget must be a number above zero."))
    if isinstance(value, bool):
        raise bad
    try:
        amount = Decimal(str(value).strip().replace(",", "").lstrip("¥￥"))
    except InvalidOperation:
        raise bad from None
    fen = amount * 100 if unit == "yuan" else amount
    if not fen.is_finite() or fen <= 0 or fen != fen.to_integral_value() or fen > MAX_BUDGET_FEN:
        raise bad
    return int(fen)


def _clean_needs(changes: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in NEEDS_TEXT_FIELDS:
        if name in changes:
            text = str(changes[name] or "").strip()
            if len(text) > TEXT_MAX:
                raise _invalid("invalid_needs", name, _("At most %(n)s characters.") % {"n": 200})
            values[name] = text
    if "budget_fen" in changes:
        values["budget_fen"] = parse_budget(changes["budget_fen"])
    if "budget_yuan" in changes:
        values["budget_fen"] = parse_budget(changes["budget_yuan"], unit="yuan")
    if "category_id" in changes:
        category_id = changes["category_id"] or None
        if category_id is not None and not Category.objects.filter(pk=category_id).exists():
            raise _invalid("unknown_category", "category_id", _("No such product category."))
        values["category_id"] = category_id
    return values


@transaction.atomic
def record_needs(
    *, actor: User, lead: Lead, version: int | None, changes: Mapping[str, Any]
) -> NeedsAnalysis:
    """Record some of the 5W1H answers and the budget; fields not named stay as they were.

    Every field is optional (the completeness is shown); a budget that is not a number above
    zero or an unknown category is refused and nothing is written. Implements S-05.
    """
    require(actor, "presales.work", lead)
    locked = lock(lead)
    WORKFLOW.next_state(locked.stage, "analyse", actor)
    values = _clean_needs(changes)
    needs, _created = NeedsAnalysis.objects.get_or_create(lead=locked)
    for name, value in values.items():
        setattr(needs, name, value)
    needs.save()
    move(actor, locked, version, "analyse")
    lead.version, lead.stage = locked.version, locked.stage
    record_event(
        "lead.needs_recorded",
        subject=locked,
        actor=actor,
        customer_id=locked.customer_id,
        payload={"fields": sorted(values), "completeness": needs.completeness},
    )
    return needs


def products_on_sale(product_ids: Sequence[int]) -> list[Product]:
    if not product_ids:
        raise _invalid("no_product", "product_ids", _("Choose at least one product."))
    ids = list(dict.fromkeys(product_ids))
    rows = {p.pk: p for p in Product.objects.filter(pk__in=ids, active=True)}
    unknown = [str(pk) for pk in ids if pk not in rows]
    if unknown:
        raise _invalid(
            "unknown_product",
            "product_ids",
            _("No product on sale with the number %(ids)s.") % {"ids": ", ".join(unknown)},
        )
    return [rows[pk] for pk in ids]


@transaction.atomic
def send_recommendation(
    *, actor: User, lead: Lead, version: int | None, product_ids: Sequence[int], message: str = ""
) -> list[Recommendation]:
    """Send one or more products with a script; each keeps its score and reasons.

    Needs must have been recorded first (the state table). Unknown products are refused.
    Implements S-06.
    """
    require(actor, "presales.work", lead)
    locked = lock(lead)
    WORKFLOW.next_state(locked.stage, "recommend", actor)
    products = products_on_sale(product_ids)
    needs = NeedsAnalysis.objects.get_or_create(lead=locked)[0]
    now = timezone.now()
    rows = []
    for product in products:
        match = score_product(product, needs)
        rows.append(
            Recommendation.objects.create(
                lead=locked,
                product=product,
                score=match.score,
                reasons=match.reasons,
                message=message.strip(),
                sent_by=actor,
                sent_at=now,
            )
        )
    move(actor, locked, version, "recommend")
    lead.version, lead.stage = locked.version, locked.stage
    record_event(
        "lead.recommended",
        subject=locked,
        actor=actor,
        customer_id=locked.customer_id,
        payload={"product_ids": [p.pk for p in products]},
    )
    return rows


def _objection_script(kind: str, script_id: int | None) -> Script | None:
    if script_id is None:
        return None
    row = Script.objects.filter(pk=script_id, scene=OBJECTION_SCENES[kind]).first()
    if row is None:
        raise _invalid("unknown_script", "script_id", _("No such script for this objection."))
    return row


@transaction.atomic
def record_objection(
    *,
    actor: User,
    lead: Lead,
    version: int | None,
    kind: str,
    words: str,
    answer: str = "",
    script_id: int | None = None,
) -> Objection:
    """Record a price, function or trust objection and the RAS answer given (the chosen
    script's text when no answer is written); the lead is negotiating from then on.
    Implements S-07."""
    require(actor, "presales.work", lead)
    locked = lock(lead)
    WORKFLOW.next_state(locked.stage, "object", actor)
    if kind not in ObjectionKind.values:
        raise _invalid("invalid_objection", "kind", _("Choose price, function or trust."))
    words = words.strip()
    if not words or len(words) > WORDS_MAX:
        raise _invalid("invalid_objection", "words", _("Write what the customer said."))
    script = _objection_script(kind, script_id)
    row = Objection.objects.create(
        lead=locked,
        kind=kind,
        words=words,
        answer=answer.strip() or (script.body if script else ""),
        script=script,
        recorded_by=actor,
    )
    move(actor, locked, version, "object")
    lead.version, lead.stage = locked.version, locked.stage
    record_event(
        "lead.objection_recorded",
        subject=locked,
        actor=actor,
        customer_id=locked.customer_id,
        payload={"kind": kind},
    )
    return row


@transaction.atomic
def transition_lead(*, actor: User, lead: Lead, version: int | None, action: str) -> Lead:
    """Take one of the plain moves (mark contacted, start negotiating, reopen a lost lead).

    Implements S-08.
    """
    require(actor, "presales.work", lead)
    if action not in BUTTONS:
        raise _invalid("unknown_action", "action", _("This move needs its own form."))
    locked = lock(lead)
    WORKFLOW.next_state(locked.stage, action, actor)
    if action == "reopen":
        locked.lost_reason = ""
    move(actor, locked, version, action, extra=["lost_reason"])
    return locked


@transaction.atomic
def lose_lead(*, actor: User, lead: Lead, version: int | None, reason: str) -> Lead:
    """Close an open lead as lost, with the reason (对拒绝销售客户的分析, 004 §十); its open
    deadlines are withdrawn. Implements S-08."""
    require(actor, "presales.work", lead)
    locked = lock(lead)
    WORKFLOW.next_state(locked.stage, "lose", actor)
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise _invalid("lost_reason", "reason", _("Say why the lead was lost."))
    locked.lost_reason = reason
    move(actor, locked, version, "lose", extra=["lost_reason"])
    for inquiry in locked.inquiries.all():
        cancel_deadlines(subject=inquiry)
    record_event(
        "lead.lost",
        subject=locked,
        actor=actor,
        customer_id=locked.customer_id,
        payload={"reason": reason},
    )
    return locked
