"""The procedures' knowledge as data: sub-type guides (002), quadrants (003 §2.2), routes, cues.

English msgids; the zh-Hans catalogue holds the seeds' own words, so a Chinese user reads the
procedure exactly as written. Implements the data of A-02, A-03 and A-04.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SubtypeGuide:
    """见招拆招 for one sub-type: 原因分析, 处理技巧, 预防措施 (seed 002)."""

    subtype: str
    seed_title: str  # the heading in seed 002, kept verbatim
    default_category: str
    causes: tuple[Promise, ...]  # 原因分析: the checklist of what to check
    handling: tuple[Promise, ...]  # 处理技巧
    prevention: tuple[Promise, ...]  # 预防措施
    suggested_solutions: tuple[str, ...]


SUBTYPE_GUIDES: dict[str, SubtypeGuide] = {
    g.subtype: g
    for g in (
        SubtypeGuide(
            "expectation_mismatch",
            "与想象中不符",
            "product_quality",
            causes=(
                _("The buyer expected too much of the product"),
                _("The product description exaggerated"),
                _("The online agent exaggerated"),
            ),
            handling=(
                _("Check for exaggeration against the description and the chat record"),
                _("Politely ask the buyer to compare with the description"),
                _("Offer the buyer the resale section"),
                _("Return or exchange under the shop's rules"),
            ),
            prevention=(
                _("Avoid exaggeration in product descriptions"),
                _("Forbid online agents to exaggerate"),
                _("Stress details that are easily misunderstood in advance"),
            ),
            suggested_solutions=("return", "exchange"),
        ),
        SubtypeGuide(
            "service_dissatisfaction",
            "对服务不满意",
            "service_process",
            causes=(
                _("The employee's attitude"),
                _("The employee's way of working"),
                _("The customer uses it as a pretext to return or exchange"),
            ),
            handling=(
                _("Review the chat record and the service given"),
                _("Find the problem and learn what the buyer wants"),
                _("Decide flexibly on an apology and compensation"),
            ),
            prevention=(
                _("Train service awareness"),
                _("Train working skills"),
            ),
            suggested_solutions=("coupon",),
        ),
        SubtypeGuide(
            "wrong_or_missing_items",
            "配货错漏问题",
            "service_process",
            causes=(
                _("The customer thinks something is wrong or missing when it is not"),
                _("An employee made a mistake"),
            ),
            handling=(
                _("Check against the product description"),
                _("Apologise, then reship to the customer or refund part of the price"),
            ),
            prevention=(
                _("Print a packing list with every shipment"),
                _("Set up an audit team or auditor"),
                _("Weigh parcels precisely"),
            ),
            suggested_solutions=("reship", "partial_refund"),
        ),
        SubtypeGuide(
            "delivery_delay",
            "到货延迟问题",
            "service_process",
            causes=(
                _("The shipping staff shipped late"),
                _("The customer's address was incomplete"),
                _("The carrier delivered late"),
            ),
            handling=(
                _("Check the problem and chase the parcel"),
                _("Compensate for the delay"),
            ),
            prevention=(
                _("Manage the shipping staff's workload and set strict shipping times"),
                _("Check the address when selling"),
                _("Set up a compensation rule for late delivery"),
            ),
            suggested_solutions=("expedite", "coupon"),
        ),
        SubtypeGuide(
            "transport_damage",
            "物流运输问题",
            "service_process",
            causes=(
                _("Not enough inspection before shipping"),
                _("Not enough protective packaging"),
                _("Rough handling by the carrier"),
                _("Rude carrier staff"),
                _("The carrier forbids opening the parcel for inspection first"),
            ),
            handling=(
                _("Return or exchange under the rules"),
                _("Agree a partial refund with the customer"),
                _("Claim compensation from the carrier"),
                _("Have the carrier's sending office coordinate"),
            ),
            prevention=(
                _("Appoint an outbound inspector"),
                _("Improve protective packaging"),
                _("Insure shipments and agree the claims process"),
                _("Assess and choose good carriers"),
                _("Teach customers beforehand how to deal with the courier"),
            ),
            suggested_solutions=("exchange", "partial_refund", "return"),
        ),
        SubtypeGuide(
            "quality_defect",
            "产品质量问题",
            "product_quality",
            causes=(
                _("The product's quality is not up to standard"),
                _("The customer misunderstands the product"),
                _("The customer uses it the wrong way"),
            ),
            handling=(
                _("Ask the customer for photos or proof"),
                _("Return, exchange or refund"),
                _("Explain the product's characteristics to the customer"),
                _("Explain to the customer that the problem comes from improper use"),
            ),
            prevention=(
                _("Control the quality of incoming goods strictly"),
                _("Stress easily misunderstood points in the description and when selling"),
                _("Warn customers about problems that come from improper use"),
            ),
            suggested_solutions=("exchange", "free_repair", "return", "refund"),
        ),
    )
}


def guide_for(subtype: str) -> SubtypeGuide | None:
    """The 见招拆招 guide of ``subtype``, or None for a ticket not yet given one."""
    return SUBTYPE_GUIDES.get(subtype)


@dataclass(frozen=True)
class Quadrant:
    """A cell of 问题解决的“四象限法则” (seed 003 §2.2)."""

    priority: int
    label: Promise  # 问题类型
    handling: Promise  # 处理优先级
    strategy: Promise  # 应对策略


QUADRANTS: dict[tuple[bool, bool], Quadrant] = {
    # keyed by urgent, important
    (True, True): Quadrant(
        1,
        _("Urgent and important"),
        _("Handle at once"),
        _("Respond at once and bring in resources to solve it fast"),
    ),
    (False, True): Quadrant(
        2,
        _("Important, not urgent"),
        _("Plan it"),
        _("Tell the customer how long it takes and update them regularly"),
    ),
    (True, False): Quadrant(
        3,
        _("Urgent, not important"),
        _("Handle flexibly"),
        _("Simplify the process and calm the customer first"),
    ),
    (False, False): Quadrant(
        4,
        _("Neither urgent nor important"),
        _("Handle routinely"),
        _("Follow the standard process and make sure it is accurate"),
    ),
}


def quadrant(*, urgent: bool, important: bool) -> Quadrant:
    return QUADRANTS[(bool(urgent), bool(important))]


@dataclass(frozen=True)
class Route:
    """Where a problem of a category is taken next (000 §三(二) 第二步：分析原因)."""

    code: str
    label: Promise


# Quality: 联系仓库/生产部门确认批次是否有问题; usage: 指导客户操作（如发送图文教程）.
ROUTES: dict[str, tuple[Route, ...]] = {
    "product_quality": (
        Route("warehouse", _("Ask the warehouse or production whether the batch is faulty")),
        Route("tech_support", _("Escalate to tech support for testing")),
    ),
    "customer_usage": (
        Route("knowledge", _("Guide the customer with a picture-and-text tutorial")),
    ),
    "service_process": (
        Route("logistics", _("Check the shipment with the warehouse or the carrier")),
    ),
}


# Words that show a customer is upset (情绪激动, A-03): data, so a supervisor's list can grow.
# Matched on Simplified Chinese text (Traditional is converted first); "!!!" also matches
# full-width exclamation marks.
AGITATION_PHRASES: tuple[str, ...] = (
    "气死",
    "投诉",
    "曝光",
    "差评",
    "退钱",
    "骗子",
    "太差",
    "垃圾",
    "马上",
    "立刻",
    "!!!",
    "12315",
    "消协",
    "媒体",
    "起诉",
    "律师",
    "受够了",
    "什么破",
)
