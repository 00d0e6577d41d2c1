"""A care message over a real SMTP exchange (aiosmtpd on localhost), and its unsubscribe link
followed from the received email (R-01, R-03)."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.test import Client

from kefu.core.events import pump
from kefu.customers.models import Customer
from kefu.notify.dispatcher import dispatch_due
from kefu.notify.models import Message
from kefu.retention.services import run_care_rules
from tests.catalog.factories import ProductFactory
from tests.notify.test_email_smtp import Inbox, free_port
from tests.retention.conftest import at
from tests.retention.factories import ConsentingCustomerFactory, RuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(settings):
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.DEFAULT_FROM_EMAIL = "care@kefu-shop.cn"
    settings.KEFU_EMAIL_BACKEND = "kefu.notify.backends.email.EmailBackend"
    settings.KEFU_BRAND = "客服商城"
    yield box
    controller.stop()


def send(now) -> int:
    with time_machine.travel(now, tick=False):
        run_care_rules()
        pump()
        return dispatch_due()


@pytest.mark.req("R-01")
@pytest.mark.req("R-03")
def test_a_holiday_greeting_arrives_by_smtp_and_its_link_unsubscribes_at_once(
    inbox, statutory_calendar
):
    customer = ConsentingCustomerFactory(name="王伟", email="Wang.Wei@Example.CN")
    RuleFactory(kind="holiday", channel="email", lead_days=2, content="全场包邮")
    RuleFactory(kind="usage_tip", channel="email", content="定期清洗滤网")

    assert send(at(2026, 9, 23, 10)) == 2  # 中秋节 starts 25 September
    assert send(at(2026, 9, 23, 11)) == 0  # never twice
    greeting, tip = sorted(
        (email.message_from_bytes(e.content, policy=email.policy.default) for e in inbox.envelopes),
        key=lambda m: m["Subject"],
    )
    assert [e.rcpt_tos for e in inbox.envelopes] == [["Wang.Wei@example.cn"]] * 2
    assert greeting["Subject"].strip() == "【客服商城】中秋节快乐"
    text = greeting.get_content().strip().replace("\r\n", "\n")
    assert text.startswith(
        "王伟您好，中秋节将至，客服商城祝您节日快乐！全场包邮\n不想再收到此类消息？点此退订："
    )
    assert tip["Subject"].strip() == "【客服商城】本月使用小技巧"

    link = re.search(r"http://127\.0\.0\.1:8000(/retention/unsubscribe/[\w-]+/)", text)[1]
    assert Client().get(link).status_code == 200
    assert Customer.objects.get(pk=customer.pk).marketing_consent is False
    RuleFactory(kind="new_product", channel="email", product=ProductFactory(name="净水器 P3"))
    assert send(at(2026, 10, 12, 10)) == 0  # a new month and a new product: nothing now
    assert len(inbox.envelopes) == 2
    assert Message.objects.filter(status="sent").count() == 2
