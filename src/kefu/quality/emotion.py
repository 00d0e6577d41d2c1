"""Emotion of a customer's message (G-03): angry, anxious, neutral or satisfied, offline.

A lexicon and rules, nothing downloaded: the text is folded to Simplified Chinese one character
for one (OpenCC's own character table), the lexicon's words are found longest first, a negator
just before a word turns it around (不满意, 不着急), an intensifier (非常, 太) scales it, and
runs of ! or ? add to the stronger of angry and anxious. Pure Python, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kefu.quality.lexicon import (
    ANGRY,
    ANXIOUS,
    IMPERATIVE_NEGATORS,
    INTENSIFIERS,
    NEGATORS,
    NEUTRAL,
    SATISFIED,
    TERMS,
    THRESHOLD,
)

LABELS = (ANGRY, ANXIOUS, NEUTRAL, SATISFIED)
# Labels that raise a ticket's urgency and offer the soothing scripts (A-03, N-02).
RAISING = frozenset({ANGRY, ANXIOUS})
WINDOW = 4  # characters before a word searched for a negator or an intensifier
NEGATED_SATISFIED = 0.8  # 不满意 weighs less than a plain angry word
SINGLE_BANG = 0.3  # one ! adds a little to a label already heard
RUN = re.compile(r"!{2,}|\?{2,}|[!?]*(?:!\?|\?!)[!?]*")
PUNCTUATION = {"！": "!", "？": "?", "，": ",", "。": ".", "、": ",", "；": ";", "～": "~"}


@dataclass(frozen=True)
class Emotion:
    """The label, its score (the winning label's sum of weights) and the words that gave it."""

    label: str
    score: float
    cues: tuple[str, ...] = ()

    @property
    def raises_urgency(self) -> bool:
        return self.label in RAISING


@cache
def _fold_table() -> dict[int, str]:
    """Traditional → Simplified character by character, from OpenCC's TSCharacters, plus
    full-width punctuation → ASCII."""
    table = {ord(k): v for k, v in PUNCTUATION.items()}
    path = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
            table[ord(parts[0])] = parts[1]
    return table


@cache
def _index() -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """For each first character, the lengths of the lexicon words that start with it."""
    lengths: dict[str, set[int]] = {}
    for word in TERMS:
        lengths.setdefault(word[0], set()).add(len(word))
    by_first = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}
    return by_first, frozenset(INTENSIFIERS)


def fold(text: str) -> str:
    """``text`` in Simplified Chinese with ASCII punctuation, one character for one."""
    return text.translate(_fold_table()).lower()


def _words(text: str) -> list[tuple[int, str]]:
    """The lexicon words in ``text``, left to right, the longest at each position."""
    by_first, _ = _index()
    found, i, n = [], 0, len(text)
    while i < n:
        for length in by_first.get(text[i], ()):
            word = text[i : i + length]
            if word in TERMS:
                found.append((i, word))
                i += length
                break
        else:
            i += 1
    return found


def _modifiers(before: str) -> tuple[float, str]:
    """The intensity and the negator (or "") just before a word."""
    factor = 1.0
    for _round in range(2):  # 不是很, 非常非常
        for word, value in INTENSIFIERS.items():
            if before.endswith(word):
                factor *= value
                before = before[: -len(word)]
                break
    if before.endswith(("是不是", "是否", "有没有")):
        return factor, ""  # a question, not a denial: 是不是有问题
    before = before.removesuffix("是") if before.endswith("不是") else before
    negator = next((n for n in NEGATORS if before.endswith(n)), "")
    return factor, negator


def _punctuation(text: str, scores: dict[str, float]) -> None:
    """!!! and ??? add to the stronger of angry and anxious; angry when neither was heard."""
    target = ANXIOUS if scores[ANXIOUS] > scores[ANGRY] else ANGRY
    runs = RUN.findall(text)
    if not runs:
        if "!" in text and scores[target] > 0:
            scores[target] += SINGLE_BANG
        return
    boost = sum(min(len(run), 4) * 0.3 for run in runs)
    if scores[target] == 0:
        boost = max(boost, THRESHOLD if any("!" in r for r in runs) else 0.6)
    scores[target] += boost


def classify(text: str) -> Emotion:
    """The emotion of one customer message, Simplified or Traditional. Implements G-03."""
    folded = fold(text or "")
    scores = {ANGRY: 0.0, ANXIOUS: 0.0, SATISFIED: 0.0}
    cues: dict[str, list[str]] = {ANGRY: [], ANXIOUS: [], SATISFIED: []}
    for start, word in _words(folded):
        label, weight = TERMS[word]
        factor, negator = _modifiers(folded[max(0, start - WINDOW) : start])
        if negator:
            if label == SATISFIED:
                label, weight = ANGRY, weight * NEGATED_SATISFIED
            elif label == ANXIOUS or negator not in IMPERATIVE_NEGATORS:
                continue  # 不着急, 别急, 没有生气: the word is denied
        scores[label] += weight * factor
        cues[label].append(negator + word)
    _punctuation(folded, scores)
    best = max(scores, key=lambda k: (scores[k], k == ANGRY, k == ANXIOUS))
    if scores[best] < THRESHOLD:
        return Emotion(NEUTRAL, round(scores[best], 2))
    return Emotion(best, round(scores[best], 2), tuple(cues[best]))
