"""Console backend: logs that a message would be sent, with the recipient masked and no text."""

from __future__ import annotations

import logging

from kefu.notify.models import Message

log = logging.getLogger(__name__)


class ConsoleBackend:
    """The default for SMS and WeChat: nothing leaves the machine, nothing personal is logged."""

    def send(self, message: Message) -> str:
        # The body names the customer and their order: only its length is logged.
        log.info(
            "notification %s (%s) via %s to %s: %s characters",
            message.pk,
            message.template_event,
            message.channel,
            message.masked_recipient,
            len(message.body),
        )
        return f"console-{message.pk}"
