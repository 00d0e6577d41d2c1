"""The registry of personal-data fields: masking, export, erasure and log scrubbing follow it.

Each app declares its personal fields once (``register_personal(Customer, phone="phone")``)
and, for erasure and export (C-05), how its rows are found from a customer: ``link`` is a
lookup to the customer's id (``"ticket__customer_id"``) or a function of the id returning a
``Q``. The customers app walks this registry; it never imports the apps that registered.
Implements the declaration part of C-05.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Model, Q

KINDS = ("name", "phone", "email", "address", "birthday", "wechat", "id_number", "text", "file")
ERASED = "[已删除]"  # what an erased free text or value reads as afterwards

Link = str | Callable[[int], Q]


@dataclass
class Holder:
    """One model that holds personal data: its fields and how to reach a customer's rows."""

    model: type[Model]
    fields: dict[str, str] = field(default_factory=dict)
    link: Link | None = None
    search_kind: str = ""  # the search index kind whose object ids are this model's pks

    def rows_of(self, customer_id: int) -> models.QuerySet[Any]:
        link = self.link
        condition = link(customer_id) if callable(link) else Q(**{link: customer_id})
        return models.QuerySet(self.model).filter(condition)  # the plain queryset (audit too)


_fields: dict[type[Model], Holder] = {}


def register_personal(
    model: type[Model], *, link: Link | None = None, search_kind: str = "", **fields: str
) -> None:
    """Declare ``field=kind`` pairs of ``model`` as personal data, and its link to a customer."""
    for name, kind in fields.items():
        if kind not in KINDS:
            raise ValueError(f"unknown personal data kind {kind!r}")
        model._meta.get_field(name)  # fails loudly on a typo
    holder = _fields.setdefault(model, Holder(model))
    holder.fields.update(fields)
    if link is not None:
        holder.link = link
    if search_kind:
        holder.search_kind = search_kind


def personal_fields(model: type[Model]) -> dict[str, str]:
    holder = _fields.get(model)
    return dict(holder.fields) if holder else {}


def registered_models() -> list[type[Model]]:
    return list(_fields)


def holders() -> Iterator[Holder]:
    """Every registered model that can be reached from a customer."""
    return (h for h in _fields.values() if h.link is not None)


def records_of(customer_id: int) -> Q:
    """Rows that name one of the customer's records as their subject (audit lines, events).

    Models that themselves point at a subject (``subject_type``) are not followed further.
    """
    condition = Q(pk__in=[])
    for holder in holders():
        if any(f.name == "subject_type" for f in holder.model._meta.concrete_fields):
            continue
        ids = [str(pk) for pk in holder.rows_of(customer_id).values_list("pk", flat=True)]
        if ids:
            condition |= Q(subject_type=holder.model._meta.label_lower, subject_id__in=ids)
    return condition


def _mask_phone(text: str) -> str:
    digits = text.lstrip("+")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def _mask_email(text: str) -> str:
    local, _at, domain = text.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


_MASKS = {
    "phone": _mask_phone,
    "email": _mask_email,
    "name": lambda text: text[:1] + "*" * max(len(text) - 1, 1),
    "birthday": lambda text: "****-" + text[5:] if len(text) >= 10 else "****",
    "address": lambda text: text[:6] + "****" if len(text) > 6 else "****",
}


def mask(kind: str, value: object) -> str:
    """The masked form shown to roles that do not need the full value."""
    if value in (None, ""):
        return ""
    text = str(value)
    return _MASKS.get(kind, lambda t: t[:1] + "***")(text)
