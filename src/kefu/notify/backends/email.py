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


class EmailBackend:
    def send(self, message: Message) -> str:
        header = message_id_header(message)
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": header, "X-Kefu-Notification": str(message.pk)},
        )
        if email.send(fail_silently=False) != 1:
            raise SendError("the mail server did not accept the message")
        return header
