"""The LMTP/SMTP listener: the mail server hands each message to Kefu, which files it.

Run by ``kefu manage mail_listener``. Once a message is filed or quarantined the answer is 250;
if filing itself fails (the database is down) the answer is 451, so the mail server keeps the
message and delivers it again later: it is never lost. Implements P-02.
"""

from __future__ import annotations

import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

from kefu.channels.models import Source
from kefu.channels.services import ingest_email

log = logging.getLogger(__name__)


def _file(raw: bytes) -> str:
    """File one message in a worker thread, which keeps no connection open afterwards."""
    try:
        return ingest_email(raw, source=Source.SMTP).outcome
    finally:
        connections.close_all()


class MailHandler:
    async def handle_DATA(self, server: SMTP, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content or b""
        try:
            outcome = await sync_to_async(_file, thread_sensitive=False)(raw)
        except Exception:
            log.exception("inbound email could not be stored; the sender will retry")
            return "451 4.3.0 Temporary failure, please try again later"
        return f"250 2.0.0 Message {outcome}"


class MailController(Controller):
    """An aiosmtpd controller speaking LMTP (behind Postfix/Dovecot) or plain SMTP."""

    def __init__(self, host: str, port: int, *, protocol: str = "lmtp") -> None:
        self.protocol = protocol
        super().__init__(
            MailHandler(),
            hostname=host,
            port=port,
            data_size_limit=settings.KEFU_MAIL_MAX_BYTES,
        )

    def factory(self) -> SMTP:
        server_class = LMTP if self.protocol == "lmtp" else SMTP
        return server_class(self.handler, **self.SMTP_kwargs)
