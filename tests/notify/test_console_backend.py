"""The console backend, default for SMS and WeChat: it logs a line with no personal data."""

from __future__ import annotations

import logging

import pytest

from kefu.notify.dispatcher import dispatch
from kefu.notify.services import notify
from tests.notify.factories import EventFactory

pytestmark = [pytest.mark.req("P-08", "C-05"), pytest.mark.django_db]

CONTEXT = {
    "customer_name": "张三丰",
    "ticket_number": "T20250601-0007",
    "eta": "明天下午",
    "step_label": "维修中",
}


@pytest.mark.parametrize(
    ("channel", "recipient", "shown"),
    [("sms", "13812345678", "138****5678"), ("wechat", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "o***")],
)
def test_the_console_line_has_the_recipient_masked_and_none_of_the_text(
    caplog, settings, channel, recipient, shown
):
    settings.KEFU_SMS_BACKEND = settings.KEFU_WECHAT_BACKEND = (
        "kefu.notify.backends.console.ConsoleBackend"
    )
    message = notify(
        event=EventFactory(),
        channel=channel,
        recipient=recipient,
        template_event="ticket.progress",
        language="zh-hans",
        context=CONTEXT,
    )

    with caplog.at_level(logging.INFO, logger="kefu.notify"):
        assert dispatch(message.pk) is True

    [line] = [r.getMessage() for r in caplog.records if r.name.startswith("kefu.notify")]
    assert line == (
        f"notification {message.pk} (ticket.progress) via {channel} to {shown}: "
        f"{len(message.body)} characters"
    )
    for secret in (recipient, "12345678", "张三丰", "T20250601-0007"):
        assert secret not in line
    message.refresh_from_db()
    assert (message.status, message.provider_message_id) == ("sent", f"console-{message.pk}")


def test_sms_wechat_and_email_default_to_the_console_until_an_smtp_host_is_set(settings):
    from django.conf import settings as live

    assert live.KEFU_SMS_BACKEND == "kefu.notify.backends.console.ConsoleBackend"
    assert live.KEFU_WECHAT_BACKEND == "kefu.notify.backends.console.ConsoleBackend"
    assert live.KEFU_EMAIL_BACKEND == "kefu.notify.backends.console.ConsoleBackend"
