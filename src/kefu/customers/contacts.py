"""Phone and email checks: one place turns what people type into the stored form (C-01)."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput

DEFAULT_REGION = "CN"


def normalise_phone(raw: str, *, field: str = "phone") -> str:
    """``138 1234 5678`` → ``+8613812345678`` (E.164); empty stays empty; bad ones are refused."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise InvalidInput(
            "invalid_phone",
            _(
                "The phone number is not valid. Enter an 11-digit mobile number "
                "or a number with its area code."
            ),
            {field: _("The phone number is not valid.")},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str, *, field: str = "email") -> str:
    """Trimmed and lower-cased, so one address matches however it was typed; empty stays empty."""
    text = (raw or "").strip().lower()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise InvalidInput(
            "invalid_email",
            _("The email address is not valid."),
            {field: _("The email address is not valid.")},
        ) from None
    return text
