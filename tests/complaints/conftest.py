"""What every complaint test shares: English messages, private media in a temp dir, a customer
with an order, a department, the cast by role, and small real image bytes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from kefu.core.models import Event, User
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.complaints.factories import DepartmentFactory
from tests.customers.factories import CustomerFactory

SH = ZoneInfo("Asia/Shanghai")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def png(name: str = "evidence.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def client_for(user: User) -> Client:
    """A logged-in client whose pages come in English, as the assertions here are written."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def events(name: str | None = None) -> list[Event]:
    qs = Event.objects.order_by("pk")
    return list(qs.filter(name=name) if name else qs)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KEFU_PUBLIC_URL = "https://kefu.example.cn"
    # The cast's passwords are hashed once per test; the real hasher takes a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the Chinese is checked where pages render it."""
    with translation.override("en"):
        yield


@pytest.fixture
def customer(team):
    return CustomerFactory(
        name="王伟", phone="+8613912345678", email="wangwei@example.cn", team=team
    )


@pytest.fixture
def order(customer):
    product = ProductFactory(sku="PHONE-X1", name="智能手机 X1", price_fen=199900)
    return OrderFactory(
        number="DD20260302001",
        customer=customer,
        items=[product],
        purchased_at=at(2026, 3, 2, 10, 0),
        delivered_on=date(2026, 3, 4),
    )


@pytest.fixture
def department(db):
    return DepartmentFactory(name="仓储部")


@pytest.fixture
def cast(agent, tech_support, supervisor, manager, admin_user):
    """One user per role, keyed by role."""
    return {u.role: u for u in (agent, tech_support, supervisor, manager, admin_user)}
