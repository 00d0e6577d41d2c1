"""In-app backend: the message row itself is the delivery; marking it sent makes it visible."""

from __future__ import annotations

from kefu.notify.models import Message


class InAppBackend:
    def send(self, message: Message) -> str:
        return f"in_app-{message.pk}"
