"""Emotion detection throughput (G-03): messages labelled per second on one core (goal: 2,000).

The messages are the labelled Chinese set shipped with the tests (dev and held-out splits,
Simplified and Traditional), cycled to ``BENCH_CASES`` per batch, plus each one with a random
suffix so no cache could help. The quality of the labels is measured in tests/quality.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from kefu.quality.emotion import classify
from tests.bench.registry import Batch, bench

DATA = Path(__file__).resolve().parents[1] / "quality" / "data"
SUFFIXES = ("", "！", "？？", "，谢谢", "，急", "。", "!!!", "，麻烦看一下订单")


def messages() -> list[str]:
    rows: list[str] = []
    for name in ("emotion_dev.tsv", "emotion_test.tsv"):
        with (DATA / name).open(encoding="utf-8") as handle:
            rows += [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    return rows


@bench("emotion", "classify", "quality.emotion.classify: one customer message", clock="cpu")
def bench_classify(size: int) -> Batch:
    rng = random.Random(12)
    texts = messages()
    cases = [rng.choice(texts) + rng.choice(SUFFIXES) for _ in range(size)]

    def batch() -> int:
        for text in cases:
            classify(text)
        return len(cases)

    return batch
