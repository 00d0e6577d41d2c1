"""What the callback tests share: Shanghai times, English messages, customers served in the
first week of March 2026."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.customers.factories import CustomerFactory
from tests.tickets.factories import TicketFactory

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English: in the test and in pages (which default to Chinese)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def served_customer(name: str, level: str, resolved_at: datetime, team=None, **extra):
    """A customer whose ticket was resolved at ``resolved_at``."""
    customer = CustomerFactory(name=name, member_level=level, team=team, **extra)
    TicketFactory(customer=customer, team=team, status="resolved", resolved_at=resolved_at)
    return customer
