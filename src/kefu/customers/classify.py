"""Classifying customers (C-03): filters by member level, value, region and product owned,
saved under a name, and tags put on every customer a filter finds (004 §一 2 分析分类)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require, visible_to
from kefu.customers.models import Customer, MemberLevel, SavedFilter, Tag

TEXT_CRITERIA = ("province", "city", "product_sku", "category", "tag", "language")
CRITERIA = ("member_levels", "min_value_yuan", "unassigned", *TEXT_CRITERIA)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput("invalid_filter", message, {field: message})


def clean_criteria(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Checked filter criteria; unknown names and bad values are refused."""
    unknown = sorted(set(raw) - set(CRITERIA))
    if unknown:
        raise _invalid(
            unknown[0], _("These fields cannot be set: %(f)s") % {"f": ", ".join(unknown)}
        )
    criteria: dict[str, Any] = {}
    levels = [str(v) for v in raw.get("member_levels") or []]
    if any(v not in MemberLevel.values for v in levels):
        raise _invalid("member_levels", _("Not one of the choices."))
    if levels:
        criteria["member_levels"] = sorted(set(levels))
    if raw.get("min_value_yuan") not in (None, ""):
        try:
            value = Decimal(str(raw["min_value_yuan"]))
        except InvalidOperation:
            value = Decimal(-1)
        if value < 0:
            raise _invalid("min_value_yuan", _("Write the price in yuan, e.g. 19.90."))
        criteria["min_value_yuan"] = str(value)
    for name in TEXT_CRITERIA:
        text = str(raw.get(name) or "").strip()[:60]
        if text:
            criteria[name] = text
    if raw.get("unassigned"):
        criteria["unassigned"] = True
    return criteria


def filter_customers(actor: User, criteria: Mapping[str, Any]) -> QuerySet[Customer]:
    """The customers ``actor`` sees that match every criterion, oldest first."""
    criteria = clean_criteria(criteria)
    rows = visible_to(actor, Customer.objects.filter(erased_at__isnull=True))
    if "member_levels" in criteria:
        rows = rows.filter(member_level__in=criteria["member_levels"])
    for name in ("province", "city", "language"):
        if name in criteria:
            rows = rows.filter(**{name: criteria[name]})
    if "tag" in criteria:
        rows = rows.filter(tags__name=criteria["tag"])
    if "product_sku" in criteria:
        rows = rows.filter(orders__items__product__sku=criteria["product_sku"])
    if "category" in criteria:
        rows = rows.filter(orders__items__product__category__name=criteria["category"])
    if criteria.get("unassigned"):
        rows = rows.filter(owner__isnull=True)
    if "min_value_yuan" in criteria:
        fen = int(Decimal(criteria["min_value_yuan"]) * 100)
        spent = Customer.objects.annotate(spent=Sum("orders__amount_fen")).filter(spent__gte=fen)
        rows = rows.filter(pk__in=spent.values("pk"))
    return rows.distinct().order_by("pk")


@transaction.atomic
def save_filter(*, actor: User, name: str, criteria: Mapping[str, Any]) -> SavedFilter:
    """Keep a named filter for later distribution or tagging (replaces one of that name).
    Implements C-03."""
    require(actor, "customer.assign")
    name = (name or "").strip()
    if not 1 <= len(name) <= 60:
        raise _invalid("name", _("Write a name of 1 to 60 characters."))
    row, _created = SavedFilter.objects.update_or_create(
        name=name, defaults={"criteria": clean_criteria(criteria), "created_by": actor}
    )
    record_audit(actor=actor, action="customer_filter.saved", subject=row)
    return row


@transaction.atomic
def tag_customers(*, actor: User, criteria: Mapping[str, Any], tag: str) -> int:
    """Put ``tag`` on every customer the filter finds; returns how many newly got it.
    Implements C-03 (classification)."""
    require(actor, "customer.assign")
    name = (tag or "").strip()
    if not 1 <= len(name) <= 40:
        raise _invalid("tag", _("Write a tag of 1 to 40 characters."))
    label, _created = Tag.objects.get_or_create(name=name)
    through = Customer.tags.through
    having = through.objects.filter(tag=label).values("customer_id")
    ids = list(
        filter_customers(actor, criteria).exclude(pk__in=having).values_list("pk", flat=True)
    )
    through.objects.bulk_create([through(customer_id=pk, tag=label) for pk in ids], batch_size=1000)
    record_audit(
        actor=actor, action="customers.tagged", data={"tag": label.pk, "customers": len(ids)}
    )
    return len(ids)
