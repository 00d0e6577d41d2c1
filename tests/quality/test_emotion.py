"""Emotion of a customer's message (G-03): the labelled held-out set, negation, intensity,
Traditional Chinese, and the API endpoint."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.test import Client

from kefu.quality.emotion import Emotion, classify
from tests.conftest import client_for

pytestmark = pytest.mark.req("G-03")
DATA = Path(__file__).parent / "data"


def labelled(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def angry_precision_recall(rows: list[dict[str, str]]) -> tuple[float, float]:
    predicted = [(row["label"], classify(row["text"]).label) for row in rows]
    hits = sum(1 for truth, label in predicted if truth == label == "angry")
    said_angry = sum(1 for _truth, label in predicted if label == "angry")
    were_angry = sum(1 for truth, _label in predicted if truth == "angry")
    return hits / said_angry, hits / were_angry


def test_the_held_out_split_has_every_label_and_is_not_the_tuning_split():
    test, dev = labelled("emotion_test.tsv"), labelled("emotion_dev.tsv")

    counts = {label: sum(r["label"] == label for r in test) for label in ("angry", "anxious")}
    assert counts == {"angry": 60, "anxious": 50}
    assert {r["label"] for r in test} == {"angry", "anxious", "neutral", "satisfied"}
    assert not {r["text"] for r in test} & {r["text"] for r in dev}


def test_angry_reaches_the_goal_on_the_held_out_split():
    precision, recall = angry_precision_recall(labelled("emotion_test.tsv"))

    assert precision >= 0.80
    assert recall >= 0.60


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("我很满意", "satisfied"),
        ("我并不满意", "angry"),  # a denied good word turns round
        ("一点都不满意", "angry"),
        ("不是很满意", "angry"),
        ("我不着急，你们慢慢处理", "neutral"),  # denied worry is calm
        ("别急，我等着", "neutral"),
        ("我没有生气，只是问问", "neutral"),  # a denied angry word is not anger
        ("不要敷衍我", "angry"),  # an imperative keeps the anger
        ("别再骗我了", "angry"),
        ("请问发票怎么开", "neutral"),
        ("是不是有问题，好担心", "anxious"),  # 是不是 asks, it does not deny
    ],
)
def test_negation_turns_words_around(text, label):
    assert classify(text).label == label


def test_intensifiers_scale_a_word():
    assert classify("满意").score == 1.0
    assert classify("很满意").score == 1.3
    assert classify("非常满意").score == 2.0
    assert classify("非常非常满意").score == 2.5


def test_repeated_punctuation_adds_to_anger_or_worry():
    assert classify("质量太差").score == 1.5
    assert classify("质量太差！！！").score == 2.4
    assert classify("发货了吗？？？") == Emotion("neutral", 0.9)  # ??? alone is not enough
    assert classify("又发错货了？？？").label == "angry"
    assert classify("急！！").label == "anxious"
    assert classify("什么！！！").label == "angry"  # no word, but shouting
    assert classify("好的").label == "neutral"


def test_traditional_chinese_is_read_like_simplified():
    simplified, traditional = classify("气死我了，我要投诉"), classify("氣死我了，我要投訴")

    assert simplified == traditional
    assert traditional.label == "angry"
    assert traditional.cues == ("气死", "投诉")


def test_the_api_classifies_a_text(agent):
    response = client_for(agent).post(
        "/api/v1/quality/emotion",
        {"text": "我很焦急，訂單顯示已簽收但我沒收到"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "label": "anxious",
        "score": 2.3,
        "cues": ["焦急", "没收到"],
        "raises_urgency": True,
    }


def test_the_api_refuses_a_stranger_and_a_text_too_long(agent):
    stranger = Client().post(
        "/api/v1/quality/emotion", {"text": "气死了"}, content_type="application/json"
    )
    too_long = client_for(agent).post(
        "/api/v1/quality/emotion", {"text": "气" * 10001}, content_type="application/json"
    )

    assert stranger.status_code == 401
    assert too_long.status_code == 422
    assert "text" in too_long.json()["fields"]
