"""Phones, emails and addresses never reach a log line (issue 14, C-05): a whole scenario —
public form, agent work, notifications sent, a failing delivery, 404s with a phone in the
URL — runs with every logger at DEBUG, and the console handler's output is searched."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.cache import cache
from django.test import Client

from kefu.core.events import pump
from kefu.customers.models import Customer
from tests.conftest import client_for

pytestmark = pytest.mark.req("C-05")
PHONE, PHONE_DIGITS = "138 0013 8000", "13800138000"
EMAIL = "chen.jing@example.cn"
ADDRESS = "浙江省杭州市西湖区文三路 477 号 9 幢"


@pytest.fixture
def console_output():
    """What the configured console handler (with its personal-data filter) writes."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if any(f for f in h.filters))
    stream = io.StringIO()
    previous_stream, previous_level = handler.setStream(stream), root.level
    root.setLevel(logging.DEBUG)
    cache.clear()
    yield stream
    root.setLevel(previous_level)
    handler.setStream(previous_stream)


def test_a_full_scenario_logs_no_phone_email_or_address(statutory_calendar, agent, console_output):
    public = Client()
    public.post(
        "/support/",
        {"name": "陈静", "phone": PHONE, "description": "耳机没有声音", "demand": "换货"},
    )
    customer = Customer.objects.get()
    staff = client_for(agent)
    staff.patch(
        f"/api/v1/customers/{customer.pk}",
        {"version": customer.version, "email": EMAIL, "address": ADDRESS},
        content_type="application/json",
    )
    staff.post(f"/customers/{customer.pk}/reveal/", {"field": "phone"})
    staff.get(f"/customers/{PHONE_DIGITS}/")
    staff.get(f"/api/v1/customers?phone={PHONE_DIGITS}&email={EMAIL}")
    staff.get(f"/search/?q={PHONE_DIGITS}")
    pump()

    logged = console_output.getvalue()
    assert "[phone]" in logged, "the notice to the customer was logged, scrubbed"
    for value in (PHONE_DIGITS, "138-0013-8000", PHONE, EMAIL, ADDRESS, "文三路"):
        assert value not in logged
