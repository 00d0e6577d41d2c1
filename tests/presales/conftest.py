"""What the pre-sales tests share: Shanghai times, English messages (the API tests ask for
Chinese), a small catalog with selling points, and a lead walked to any stage by the services."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from kefu.presales import services
from kefu.presales.models import Lead, ObjectionKind, Stage
from tests.catalog.factories import CategoryFactory, ProductFactory

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture(autouse=True)
def _fresh_phones():
    global PHONES  # noqa: PLW0603 - each test starts numbering again
    PHONES = itertools.count(13912345678)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English unless a test overrides it (pages default to Chinese)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def catalog(db):
    """Two phones and a watch: the elder phone fits a ¥1,500 budget and asks for 大字体."""
    phones = CategoryFactory(name="手机数码")
    watches = CategoryFactory(name="智能穿戴")
    return {
        "elder": ProductFactory(
            sku="PH-ELDER",
            name="老人手机 E1",
            category=phones,
            price_fen=129900,
            selling_points="老人模式，大字体\n一键视频\n电池能用3天",
        ),
        "flagship": ProductFactory(
            sku="PH-PRO",
            name="旗舰手机 P9",
            category=phones,
            price_fen=599900,
            selling_points="徕卡影像\n大字体",
        ),
        "watch": ProductFactory(
            sku="WA-1",
            name="智能手表 W1",
            category=watches,
            price_fen=99900,
            selling_points="心率监测",
        ),
    }


PHONES = itertools.count(13912345678)


def new_lead(agent, *, channel: str = "web", phone: str = "", **extra) -> Lead:
    """A lead from a web inquiry of 王芳 received by ``agent``; the first one's phone is
    +8613912345678, each later one a new customer with the next number."""
    phone = phone or f"+86{next(PHONES)}"
    inquiry = services.receive_inquiry(
        actor=agent,
        data=services.InquiryData(
            channel=channel, question="想了解老人手机的价格", name="王芳", phone=phone, **extra
        ),
    )
    return inquiry.lead


def lead_at(agent, stage: str, catalog=None) -> Lead:
    """A lead walked by the services to ``stage``."""
    lead = new_lead(agent)
    steps = {
        Stage.CONTACTED: lambda x: services.transition_lead(
            actor=agent, lead=x, version=None, action="contact"
        ),
        Stage.NEEDS_ANALYSED: lambda x: services.record_needs(
            actor=agent, lead=x, version=None, changes={"what": "老人用的手机"}
        ),
        Stage.RECOMMENDED: lambda x: services.send_recommendation(
            actor=agent, lead=x, version=None, product_ids=[catalog["elder"].pk]
        ),
        Stage.NEGOTIATING: lambda x: services.record_objection(
            actor=agent, lead=x, version=None, kind=ObjectionKind.PRICE, words="比别家贵"
        ),
    }
    order = [Stage.CONTACTED, Stage.NEEDS_ANALYSED, Stage.RECOMMENDED, Stage.NEGOTIATING]
    for step in order:
        if stage in (Stage.NEW, Stage.LOST):
            break
        steps[step](lead)
        if step == stage:
            break
    if stage == Stage.WON:
        services.win_lead(
            actor=agent,
            lead=lead,
            version=None,
            data=services.DealData(
                expected_delivery_on=timezone.localdate() + timedelta(days=3),
                product_ids=[catalog["elder"].pk],
            ),
        )
    if stage == Stage.LOST:
        services.lose_lead(actor=agent, lead=lead, version=None, reason="预算不够")
    lead.refresh_from_db()
    assert lead.stage == stage
    return lead
