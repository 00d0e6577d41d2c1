"""Recipient addresses in one canonical form per channel, so the once-per-event key holds."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.notify.models import MessageChannel

PHONE_REGION = "CN"  # numbers written without +86 are mainland numbers


def channel_of(channel: str) -> str:
    if channel not in MessageChannel.values:
        raise InvalidInput(
            "invalid_channel",
            _("Unknown notification channel."),
            {"channel": ", ".join(MessageChannel.values)},
        )
    return channel


def recipient_for(channel: str, recipient: str | None, user: User | None) -> str:
    """The canonical address: E.164 phone, lower-case email, openid, or the user's id.

    Empty when there is no one to send to; refuses an address that cannot be right.
    """
    if channel == MessageChannel.IN_APP:
        return str(user.pk) if user is not None else ""
    text = (recipient or "").strip()
    if not text:
        return ""
    if channel == MessageChannel.SMS:
        return _phone(text)
    if channel == MessageChannel.EMAIL:
        return _email(text)
    if len(text) > 128:
        raise InvalidInput("invalid_recipient", _("That WeChat openid is too long."))
    return text


def _phone(text: str) -> str:
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise InvalidInput(
            "invalid_recipient",
            _("That is not a valid mobile number."),
            {"recipient": _("invalid")},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(text: str) -> str:
    local, _at, domain = text.rpartition("@")
    address = f"{local}@{domain.lower()}"
    try:
        validate_email(address)
    except ValidationError as exc:
        raise InvalidInput(
            "invalid_recipient",
            _("That is not a valid email address."),
            {"recipient": _("invalid")},
        ) from exc
    return address
