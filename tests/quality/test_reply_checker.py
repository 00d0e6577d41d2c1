"""The reply checker: banned phrases and positive alternatives, in 简体 and 繁體 (G-01)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.quality.checker import check_reply, simplified
from kefu.quality.models import BannedPhrase

pytestmark = pytest.mark.req("G-01")

SOLVE = "我会尽力帮您解决。"
CHECK = "您的问题我需要核实一下，1小时内给您回复，可以吗？"


def found(text: str) -> list[tuple[str, int, int, str]]:
    return [(f.phrase, f.start, f.end, f.matched) for f in check_reply(text)]


@pytest.mark.parametrize(
    ("phrase", "category"),
    [
        ("不知道", "ignorance"),
        ("没办法", "refusal"),
        ("不行", "refusal"),
        ("不可以", "refusal"),
        ("不可能", "refusal"),
        ("我也没办法", "refusal"),
        ("是您使用不当", "blame"),
        ("产品没问题", "blame"),
        ("这不是我们的问题", "blame"),
        ("不归我管", "blame"),
        ("你自己看", "arguing"),
        ("你听我说", "arguing"),
    ],
)
def test_each_phrase_the_seeds_forbid_is_flagged_with_an_alternative(db, phrase, category):
    text = f"亲，{phrase}。"

    [finding] = check_reply(text)

    assert (finding.phrase, finding.start, finding.end, finding.category) == (
        phrase,
        2,
        2 + len(phrase),
        category,
    )
    assert finding.alternative


def test_the_alternatives_are_the_seeds_positive_phrasing(db):
    by_phrase = {f.phrase: f.alternative for f in check_reply("没办法，不知道，不归我管")}

    assert by_phrase == {
        "没办法": SOLVE,
        "不知道": CHECK,
        "不归我管": "我会立即将您的情况反馈给主管，10分钟内给您回复。",
    }


def test_traditional_chinese_is_flagged_at_its_own_positions(db):
    text = "對不起，這個我不知道，沒辦法。是您使用不當造成的"

    assert found(text) == [
        ("不知道", 7, 10, "不知道"),
        ("没办法", 11, 14, "沒辦法"),
        ("是您使用不当", 15, 21, "是您使用不當"),
    ]


def test_the_longest_of_overlapping_phrases_is_reported_once(db):
    assert found("唉，我也没办法") == [("我也没办法", 2, 7, "我也没办法")]


@pytest.mark.parametrize(
    "text",
    [
        "您看可不可以这样处理？",
        "这样行不行？",
        "不知道您是否方便接电话？",
        "不知道您现在方便吗？",
        "我们会立即给您检测，如果是质量问题，马上给您换一台新的。",
        "收到产品后请检查包装是否完好。",
        "",
    ],
)
def test_polite_expressions_containing_a_phrase_are_not_flagged(db, text):
    assert check_reply(text) == []


def test_a_phrase_outside_its_allowed_expression_is_still_flagged(db):
    assert found("可不可以？不可以吗？") == [("不可以", 5, 8, "不可以")]


def test_an_inactive_phrase_is_not_flagged(db):
    BannedPhrase.objects.filter(phrase="不行").update(active=False)

    assert check_reply("不行") == []


def test_simplified_keeps_one_character_for_each(monkeypatch):
    class Widening:
        def convert(self, text: str) -> str:
            return text.replace("發", "发").replace("乾", "干干")

    monkeypatch.setattr("kefu.quality.checker._t2s", Widening)

    assert simplified("發乾") == "发乾"


PHRASES = [
    BannedPhrase(phrase="没办法", category="refusal", alternative=SOLVE),
    BannedPhrase(phrase="不知道", category="ignorance", alternative=CHECK),
    BannedPhrase(phrase="不可以", category="refusal", alternative=SOLVE, exceptions="可不可以"),
]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="没沒办辦法不知道可以吗您好，。a 😀", max_size=30))
def test_every_finding_points_at_what_was_written(text):
    findings = check_reply(text, PHRASES)

    assert len(simplified(text)) == len(text)
    for f in findings:
        assert simplified(text[f.start : f.end]) == f.phrase
    assert all(a.end <= b.start for a, b in pairwise(findings))
