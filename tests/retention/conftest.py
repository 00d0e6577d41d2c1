"""What the retention tests share: Shanghai times on the shop's calendar, English messages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


# Tuesday 10 March 2026, 10:00: a working day, in working hours.
WORKING = at(2026, 3, 10, 10, 0)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def sent(settings):
    """SMS and email are recorded instead of leaving the machine."""
    from tests.notify import backends

    settings.KEFU_SMS_BACKEND = "tests.notify.backends.RecordingBackend"
    settings.KEFU_EMAIL_BACKEND = "tests.notify.backends.RecordingBackend"
    backends.SENT.clear()
    yield backends.SENT
    backends.SENT.clear()
