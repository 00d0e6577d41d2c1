"""Email notifications over a real SMTP exchange with a local aiosmtpd server."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from kefu.notify.dispatcher import dispatch
from kefu.notify.services import notify
from tests.notify.factories import EventFactory

pytestmark = [pytest.mark.req("P-08"), pytest.mark.django_db]


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.DEFAULT_FROM_EMAIL = "service@kefu-shop.cn"
    settings.KEFU_EMAIL_BACKEND = "kefu.notify.backends.email.EmailBackend"
    yield controller, inbox
    with contextlib.suppress(AssertionError):  # a test may have stopped it already
        controller.stop()


def resolved_email(event):
    return notify(
        event=event,
        channel="email",
        recipient="Zhang.San@Example.COM",
        template_event="ticket.resolved",
        language="zh-hans",
        context={"customer_name": "张先生", "ticket_number": "T20250601-0007", "brand": "客服商城"},
    )


def test_an_email_notification_is_delivered_once_with_its_chinese_subject_and_body(smtp):
    _controller, inbox = smtp
    event = EventFactory(name="ticket.resolved")
    message = resolved_email(event)

    assert dispatch(message.pk) is True
    assert resolved_email(event).pk == message.pk
    assert dispatch(message.pk) is False

    [envelope] = inbox.envelopes
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert envelope.rcpt_tos == ["Zhang.San@example.com"]
    assert envelope.mail_from == "service@kefu-shop.cn"
    # Django folds the encoded subject onto a continuation line; readers drop that space.
    assert received["Subject"].strip() == "【客服商城】工单T20250601-0007已处理完成"
    assert received.get_content().strip() == (
        "张先生您好，您的工单T20250601-0007已经处理完成。这样处理您是否满意？"
        "感谢您的理解，有任何问题随时欢迎联系我们。"
    )
    # The message id is the dedupe key mail systems see.
    assert received["Message-ID"] == f"<kefu-notification-{message.pk}@kefu-shop.cn>"
    message.refresh_from_db()
    assert (message.status, message.provider_message_id) == ("sent", received["Message-ID"])


def test_a_stopped_mail_server_means_a_retry_later_not_a_lost_email(smtp):
    controller, inbox = smtp
    message = resolved_email(EventFactory(name="ticket.resolved"))
    controller.stop()

    assert dispatch(message.pk) is False

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.last_error.startswith("ConnectionRefusedError")
    assert (message.next_attempt_at - message.created_at).total_seconds() >= 30
    assert inbox.envelopes == []
