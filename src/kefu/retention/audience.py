"""The audience of a care rule or a lead list: a small customer filter kept as JSON.

``{"member_levels": ["gold"], "provinces": ["广东省"], "tags": ["老客户"], "category_ids": [3]}``
— every key optional, values within a key ORed, keys ANDed. Marketing reaches only customers
who agreed to it and were not erased (R-03); that part is not optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.catalog.models import Category, OrderItem
from kefu.core.errors import InvalidInput
from kefu.customers.models import Customer, MemberLevel

KEYS = ("member_levels", "provinces", "tags", "category_ids")
MAX_VALUES = 50


def _invalid(message: str) -> InvalidInput:
    return InvalidInput("invalid_audience", message, {"audience": message})


def clean_audience(raw: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """The filter with empty keys dropped; refuses unknown keys and values."""
    raw = raw or {}
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise _invalid(_("Unknown audience filter: %(keys)s") % {"keys": ", ".join(unknown)})
    cleaned: dict[str, list[Any]] = {}
    for key in KEYS:
        values = raw.get(key) or []
        if not isinstance(values, list) or len(values) > MAX_VALUES:
            raise _invalid(_("Each audience filter is a list of at most 50 values."))
        if values:
            cleaned[key] = sorted({str(v).strip() for v in values} - {""})
    if any(level not in MemberLevel.values for level in cleaned.get("member_levels", [])):
        raise _invalid(_("Unknown member level."))
    ids = cleaned.get("category_ids", [])
    if not all(v.isdigit() for v in ids):
        raise _invalid(_("Unknown product category."))
    cleaned["category_ids"] = sorted(int(v) for v in ids)
    if Category.objects.filter(pk__in=cleaned["category_ids"]).count() != len(
        cleaned["category_ids"]
    ):
        raise _invalid(_("Unknown product category."))
    return {k: v for k, v in cleaned.items() if v}


def reachable() -> QuerySet[Customer]:
    """Customers who may receive marketing: consent given, not erased."""
    return Customer.objects.filter(marketing_consent=True, erased_at__isnull=True)


def audience_customers(audience: Mapping[str, Any]) -> QuerySet[Customer]:
    """The reachable customers matching ``audience``."""
    qs = reachable()
    if audience.get("member_levels"):
        qs = qs.filter(member_level__in=audience["member_levels"])
    if audience.get("provinces"):
        qs = qs.filter(province__in=audience["provinces"])
    if audience.get("tags"):
        qs = qs.filter(
            pk__in=Customer.tags.through.objects.filter(tag__name__in=audience["tags"]).values(
                "customer_id"
            )
        )
    if audience.get("category_ids"):
        qs = qs.filter(
            pk__in=OrderItem.objects.filter(
                product__category_id__in=audience["category_ids"]
            ).values("order__customer_id")
        )
    return qs
