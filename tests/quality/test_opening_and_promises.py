"""The opening check and the over-promising warning (G-02)."""

from __future__ import annotations

import pytest

from kefu.knowledge.models import Script
from kefu.knowledge.services import render_script
from kefu.quality.checker import OpeningCheck, check_opening, check_reply

pytestmark = pytest.mark.req("G-02")


def test_the_seed_opening_has_greeting_self_introduction_and_intent(db):
    opening = render_script(
        Script.objects.get(title="开场白（售前）"), {"brand": "海尔", "agent_name": "小A"}
    )

    result = check_opening(opening)

    assert result == OpeningCheck(greeting=True, self_introduction=True, intent=True)
    assert result.complete is True


def test_a_bare_are_you_there_has_none_of_the_three():
    result = check_opening("在吗")

    assert result == OpeningCheck(greeting=False, self_introduction=False, intent=False)
    assert result.complete is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("您好，很高兴为您服务，请问有什么可以帮到您？", (True, False, True)),
        ("您好！我是品牌客戶顧問小A，請問有什麼可以幫到您？", (True, True, True)),
        ("我是小王。", (False, True, False)),
        ("早上好，这里是海尔售后。", (True, True, False)),
        ("有什么需要帮助的吗？", (False, False, True)),
    ],
)
def test_each_part_of_an_opening_is_checked_on_its_own(text, expected):
    result = check_opening(text)

    assert (result.greeting, result.self_introduction, result.intent) == expected


@pytest.mark.parametrize("phrase", ["保证", "绝对", "肯定没问题", "马上就好", "百分之百"])
def test_an_over_promise_is_warned_with_a_realistic_time_instead(db, phrase):
    [finding] = check_reply(f"我们{phrase}。")

    assert (finding.phrase, finding.category) == (phrase, "over_promise")
    assert finding.alternative.startswith("您的问题需要技术部门检测，24小时内给您回复。")


def test_a_traditional_over_promise_is_warned(db):
    [finding] = check_reply("我們絕對會處理好")

    assert (finding.phrase, finding.start, finding.end, finding.matched) == ("绝对", 2, 4, "絕對")


def test_a_deposit_is_not_a_promise(db):
    assert check_reply("保证金会在三个工作日内退回。") == []
