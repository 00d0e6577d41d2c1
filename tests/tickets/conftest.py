"""What every ticket test shares: Shanghai times, private media in a temp dir, a customer
with an order, and small real image bytes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kefu.core.models import Event
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.customers.factories import CustomerFactory

SH = ZoneInfo("Asia/Shanghai")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def events(name: str | None = None) -> list[Event]:
    qs = Event.objects.order_by("pk")
    return list(qs.filter(name=name) if name else qs)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; test_translations.py checks the Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def customer(team):
    """A customer of the agent's team, with a mobile number and an email."""
    return CustomerFactory(
        name="王伟", phone="+8613912345678", email="wangwei@example.cn", team=team
    )


@pytest.fixture
def order(customer):
    """A phone bought 2026-03-02 and delivered 2026-03-04 (7-day return, 12-month warranty)."""
    product = ProductFactory(sku="PHONE-X1", name="智能手机 X1", price_fen=199900)
    return OrderFactory(
        number="DD20260302001",
        customer=customer,
        items=[product],
        purchased_at=at(2026, 3, 2, 10, 0),
        delivered_on=date(2026, 3, 4),
    )
