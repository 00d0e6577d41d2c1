"""Email backend: Django's email framework (SMTP from the KEFU_SMTP_* settings)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from kefu.notify.backends import SendError
from kefu.notify.models import Message


def message_id_header(message: Message) -> str:
    """The same Message-ID on every attempt, so mail systems can drop a duplicate."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "kefu.localhost"
    return f"<kefu-notification-{message.pk}@{domain}>"


THREAD_HEADERS = ("In-Reply-To", "References", "Auto-Submitted")


def thread_headers(message: Message) -> dict[str, str]:
    """In-Reply-To and References of a ticket reply (channels), CR/LF folded away.

    A notice is machine-written unless its headers say ``Auto-Submitted: no`` (an agent's
    reply): ``auto-generated`` tells the customer's auto-responder not to answer it
    (RFC 3834), so two robots never loop.
    """
    extra = message.headers or {}
    found = {
        name: " ".join(str(extra[name]).split())
        for name in THREAD_HEADERS
        if str(extra.get(name, "")).strip()
    }
    found.setdefault("Auto-Submitted", "auto-generated")
    return found


class EmailBackend:
    def send(self, message: Message) -> str:
        header = message_id_header(message)
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={
                **thread_headers(message),
                "Message-ID": header,
                "X-Kefu-Notification": str(message.pk),
            },
        )
        if email.send(fail_silently=False) != 1:
            raise SendError("the mail server did not accept the message")
        return header
