"""`kefu manage mail_listener`: accept the support mailbox's mail by LMTP or SMTP (P-02)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kefu.channels.listener import MailController


class Command(BaseCommand):
    help = (
        "Listen for inbound email (LMTP behind Postfix or Dovecot, or SMTP) and file each "
        "message as a ticket or a reply. Address from KEFU_MAIL_LISTEN, default 127.0.0.1:8025."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--listen", default=settings.KEFU_MAIL_LISTEN, help="host:port")
        parser.add_argument(
            "--protocol", choices=["lmtp", "smtp"], default=settings.KEFU_MAIL_PROTOCOL
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, _colon, port = str(options["listen"]).rpartition(":")
        if not host or not port.isdigit():
            raise CommandError("--listen must be host:port, e.g. 127.0.0.1:8025")
        controller = MailController(host, int(port), protocol=options["protocol"])
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        controller.start()
        self.stdout.write(f"Listening for {options['protocol'].upper()} on {host}:{port}")
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
