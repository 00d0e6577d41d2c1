"""The demo's pre-sales desk: inquiries from every channel walked by the services to every
stage of the pipeline, with needs, recommendations, objections, won and lost leads (S-01..S-09)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from kefu.catalog.models import Product
from kefu.core.models import Channel, Role, User
from kefu.presales import services
from kefu.presales.models import Lead, ObjectionKind, Stage
from kefu.presales.queries import needs_of
from kefu.presales.scoring import rank_products
from kefu.presales.services import DealData, InquiryData

# How many leads end in each stage: a funnel, most leads early on.
PER_STAGE = (
    (Stage.NEW, 5),
    (Stage.CONTACTED, 4),
    (Stage.NEEDS_ANALYSED, 4),
    (Stage.RECOMMENDED, 4),
    (Stage.NEGOTIATING, 4),
    (Stage.WON, 4),
    (Stage.LOST, 3),
)
CHANNELS = (Channel.WECHAT, Channel.WEB, Channel.APP, Channel.PHONE, Channel.STORE, Channel.EMAIL)
QUESTIONS = (
    "想了解{p}的价格",
    "{p}适合老人用吗？",
    "{p}的售后政策是怎样的？",
    "{p}和其他型号有什么区别？",
    "{p}下周能收到吗？",
)
NEEDS = (
    {"decision_maker": "太太", "why": "老人想视频通话，方便联系子女", "how": "线上下单，门店自提"},
    {"decision_maker": "本人", "why": "旧的用了三年，想换新的", "how": "线上下单，快递到家"},
    {"decision_maker": "先生", "why": "送给父母的礼物", "how": "门店购买"},
)
OBJECTIONS = (
    (ObjectionKind.PRICE, "你们的价格比别人高"),
    (ObjectionKind.FUNCTION, "这个功能对我没用"),
    (ObjectionKind.TRUST, "你们的售后靠谱吗？"),
)
LOST_REASONS = ("预算不够", "选择了其他品牌", "暂时不买了", "联系不上客户")
OPENING = "您好！我是客户顾问{name}，请问有什么可以帮到您？"


def _walk(rng: random.Random, agent: User, lead: Lead, stage: str, product: Product) -> None:
    """Move ``lead`` through the pipeline until it reaches ``stage``."""
    order = [Stage.CONTACTED, Stage.NEEDS_ANALYSED, Stage.RECOMMENDED, Stage.NEGOTIATING]
    target = Stage.NEGOTIATING if stage == Stage.WON else stage
    for step in order[: order.index(target) + 1] if target in order else []:
        lead.refresh_from_db()
        if step == Stage.NEEDS_ANALYSED:
            needs = {
                **rng.choice(NEEDS),
                "what": product.name,
                "category_id": product.category_id,
                "budget_fen": product.price_fen + rng.choice((0, 20000, 50000)),
            }
            services.record_needs(actor=agent, lead=lead, version=None, changes=needs)
        elif step == Stage.RECOMMENDED:
            ranked = rank_products(needs_of(lead), limit=2) or []
            ids = [m.product.pk for m in ranked] or [product.pk]
            services.send_recommendation(actor=agent, lead=lead, version=None, product_ids=ids)
        elif step == Stage.NEGOTIATING:
            kind, words = rng.choice(OBJECTIONS)
            services.record_objection(actor=agent, lead=lead, version=None, kind=kind, words=words)


def _finish(rng: random.Random, agent: User, lead: Lead, stage: str, product: Product) -> None:
    lead.refresh_from_db()
    if stage == Stage.WON:
        services.win_lead(
            actor=agent,
            lead=lead,
            version=None,
            data=DealData(
                expected_delivery_on=timezone.localdate() + timedelta(days=rng.randint(1, 5)),
                product_ids=[product.pk],
            ),
        )
    elif stage == Stage.LOST:
        services.lose_lead(actor=agent, lead=lead, version=None, reason=rng.choice(LOST_REASONS))


def create_leads(rng: random.Random) -> int:
    """Leads in every stage, received by the demo agents over the last two weeks."""
    agents = list(User.objects.filter(role=Role.AGENT).order_by("username"))
    products = list(Product.objects.filter(active=True).order_by("sku"))
    if not agents or not products:
        return 0
    made, now = 0, timezone.now()
    for stage, count in PER_STAGE:
        for _n in range(count):
            agent, product = rng.choice(agents), rng.choice(products)
            channel = rng.choice(CHANNELS)
            if stage == Stage.NEW and channel == Channel.PHONE:
                channel = Channel.WECHAT  # a call is answered as it comes in: never new
            inquiry = services.receive_inquiry(
                actor=agent,
                data=InquiryData(
                    channel=channel,
                    question=rng.choice(QUESTIONS).format(p=product.name),
                    product_id=product.pk,
                    name=f"{rng.choice('王李张刘陈杨黄赵')}{rng.choice('先生女士')}",
                    phone=f"+86135{rng.randint(10_000_000, 99_999_999)}",
                    received_at=now - timedelta(hours=rng.uniform(1, 14 * 24)),
                    rings=rng.randint(1, 4) if channel == Channel.PHONE else None,
                ),
            )
            if stage != Stage.NEW and inquiry.answered_at is None:
                body = OPENING.format(name=agent.display_name)
                services.reply_to_inquiry(actor=agent, inquiry=inquiry, body=body)
            _walk(rng, agent, inquiry.lead, stage, product)
            _finish(rng, agent, inquiry.lead, stage, product)
            made += 1
    return made
