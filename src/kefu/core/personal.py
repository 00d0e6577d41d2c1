"""The registry of personal-data fields: masking, export, erasure and log scrubbing follow it.

Each app declares its personal fields once (``register_personal(Customer, phone="phone")``).
Implements the declaration part of C-05.
"""

from __future__ import annotations

from django.db.models import Model

KINDS = ("name", "phone", "email", "address", "birthday", "wechat", "id_number", "text")

_fields: dict[type[Model], dict[str, str]] = {}


def register_personal(model: type[Model], **fields: str) -> None:
    """Declare ``field=kind`` pairs of ``model`` as personal data."""
    for field, kind in fields.items():
        if kind not in KINDS:
            raise ValueError(f"unknown personal data kind {kind!r}")
        model._meta.get_field(field)  # fails loudly on a typo
    _fields.setdefault(model, {}).update(fields)


def personal_fields(model: type[Model]) -> dict[str, str]:
    return dict(_fields.get(model, {}))


def registered_models() -> list[type[Model]]:
    return list(_fields)


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
