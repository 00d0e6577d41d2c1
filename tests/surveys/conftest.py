"""What the survey tests share: Shanghai times, English messages, recorded sends, a clean
rate-limit cache, and a customer of the agent's team with a mobile number."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import translation

from kefu.core.events import pump
from kefu.core.models import Event
from tests.customers.factories import CustomerFactory
from tests.notify import backends

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def events(name: str) -> list[Event]:
    return list(Event.objects.filter(name=name).order_by("pk"))


def run_handlers() -> int:
    """What the worker does with the outbox: run every pending event handler."""
    return pump()


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English: in the test and in pages (which default to Chinese)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def sent(settings):
    """Every channel records its sends instead of leaving the machine."""
    recording = "tests.notify.backends.RecordingBackend"
    settings.KEFU_SMS_BACKEND = settings.KEFU_EMAIL_BACKEND = recording
    settings.KEFU_WECHAT_BACKEND = recording
    settings.KEFU_PUBLIC_URL = "https://kefu.example.cn"
    backends.SENT.clear()
    yield backends.SENT
    backends.SENT.clear()


@pytest.fixture
def customer(team):
    return CustomerFactory(
        name="王伟", phone="+8613912345678", email="wangwei@example.cn", team=team
    )
