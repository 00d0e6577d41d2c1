"""The demo's retention: a care or repurchase rule of every kind, one run of them, and a
telemarketing campaign half worked through — all made through the retention services."""

from __future__ import annotations

import random

from kefu.catalog.models import Product
from kefu.core.models import Role, User
from kefu.retention.models import CallOutcome, Lead, RefusalReason
from kefu.retention.services import (
    CallData,
    create_campaign,
    record_lead_call,
    run_care_rules,
    save_rule,
    start_campaign,
)

# (name, kind, content, extra values)
RULES = [
    ("每月使用技巧", "usage_tip", "夏天用空调的5个省电技巧：温度设在26度，定期清洗滤网。", {}),
    ("生日优惠券", "birthday", "满200减50生日券，生日当月有效", {"lead_days": 7}),
    ("节庆温暖问候", "holiday", "节日期间下单全场包邮", {"lead_days": 3}),
    ("新品上架预告", "new_product", "下周一正式上市", {}),
    ("会员优先购买", "early_access", "老客户可以提前3天购买", {}),
    ("保养提醒", "maintenance", "到店免费检测", {"months": 6}),
    ("更换周期提醒", "replacement", "老客户换新享9折", {"lead_days": 7}),
    ("关联产品推荐", "related", "", {"lead_days": 7}),
]
OUTCOMES = [
    (CallOutcome.INTERESTED, ""),
    (CallOutcome.NOT_REACHED, ""),
    (CallOutcome.REFUSED, RefusalReason.PRICE),
    (CallOutcome.CALL_LATER, ""),
    (CallOutcome.REFUSED, RefusalReason.NO_NEED),
]


def create_retention(rng: random.Random) -> dict[str, int]:
    """The rules, one run of them, and a running campaign to gold members with some calls."""
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
    newest = Product.objects.filter(active=True).order_by("-pk").first()
    if supervisor is None or newest is None:
        return {}
    for name, kind, content, extra in RULES:
        product = {"product_id": newest.pk} if kind in ("new_product", "early_access") else {}
        save_rule(
            actor=supervisor,
            values={"name": name, "kind": kind, "content": content, **extra, **product},
        )
    campaign = create_campaign(
        actor=supervisor,
        data={
            "name": "金卡会员新品电话营销",
            "goal": 10,
            "audience": {"member_levels": ["gold"]},
            "product_id": newest.pk,
        },
    )
    agents = User.objects.filter(role=Role.AGENT, team_id=supervisor.team_id).order_by("pk")
    start_campaign(actor=supervisor, campaign=campaign, agent_ids=[a.pk for a in agents])
    leads = list(Lead.objects.filter(campaign=campaign).select_related("agent", "campaign"))
    for lead in leads[: len(leads) // 2]:
        outcome, reason = rng.choice(OUTCOMES)
        record_lead_call(
            actor=lead.agent or supervisor,
            lead=lead,
            data=CallData(outcome=outcome, refusal_reason=reason),
        )
    return {
        "care rules": len(RULES),
        "care touches": run_care_rules(),
        "outbound leads": len(leads),
    }
