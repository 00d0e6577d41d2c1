"""Fixtures of the notify tests: backends that record instead of sending."""

from __future__ import annotations

import pytest

from tests.notify import backends

RECORDING = "tests.notify.backends.RecordingBackend"
FAILING = "tests.notify.backends.FailingBackend"


@pytest.fixture
def sent(settings) -> list[tuple[int, str, str]]:
    """Every channel records its sends here instead of leaving the machine."""
    settings.KEFU_SMS_BACKEND = RECORDING
    settings.KEFU_EMAIL_BACKEND = RECORDING
    settings.KEFU_WECHAT_BACKEND = RECORDING
    backends.SENT.clear()
    yield backends.SENT
    backends.SENT.clear()


@pytest.fixture
def gateway_down(settings) -> None:
    settings.KEFU_SMS_BACKEND = FAILING
