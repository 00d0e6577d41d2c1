"""Channel backends: one ``send(message) -> provider id`` per channel, chosen by settings.

``KEFU_SMS_BACKEND``, ``KEFU_EMAIL_BACKEND``, ``KEFU_WECHAT_BACKEND`` name a class by dotted
path; in-app messages never leave the database. A backend raises (``SendError`` or anything
else) when the provider did not accept the message; the dispatcher then retries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from kefu.notify.models import Message

SETTINGS = {
    "sms": "KEFU_SMS_BACKEND",
    "email": "KEFU_EMAIL_BACKEND",
    "wechat": "KEFU_WECHAT_BACKEND",
}
IN_APP = "kefu.notify.backends.in_app.InAppBackend"


class SendError(Exception):
    """The provider refused or could not be reached; the message says why (no personal data)."""


class Backend(Protocol):
    def send(self, message: Message) -> str:
        """Hand ``message`` to the provider; return the provider's id for it.

        ``message.pk`` is the idempotency key: pass it to providers that deduplicate.
        """


def backend_for(channel: str) -> Backend:
    """A fresh backend for ``channel``, as configured now (settings may change in tests)."""
    path = getattr(settings, SETTINGS[channel]) if channel in SETTINGS else IN_APP
    return import_string(path)()
