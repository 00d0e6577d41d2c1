"""What pages and the API show of a customer's personal data: masked unless revealed (C-05)."""

from __future__ import annotations

from typing import Any

from kefu.core.personal import mask, personal_fields
from kefu.customers.models import Customer


def revealable_fields() -> dict[str, str]:
    """Personal fields shown masked, ``field → kind``; the name stays readable for service."""
    return {f: kind for f, kind in personal_fields(Customer).items() if kind != "name"}


def raw_value(customer: Customer, field: str) -> str:
    value: Any = getattr(customer, field)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def masked(kind: str, value: str) -> str:
    """Chinese numbers are masked as people know them, ``138****5678``, without the ``+86``."""
    if kind == "phone" and value.startswith("+86"):
        value = value[3:]
    return mask(kind, value)


def masked_values(customer: Customer) -> dict[str, str]:
    """``{"phone": "138****5678", ...}`` for every revealable field."""
    return {f: masked(kind, raw_value(customer, f)) for f, kind in revealable_fields().items()}
