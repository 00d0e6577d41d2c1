"""The reply checker: banned phrases and over-promises in a draft, and the opening check.

Works on Simplified and Traditional Chinese: the text is converted to Simplified (OpenCC t2s)
one character for one, so a finding's ``start``/``end`` index the text the agent wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

from kefu.quality.models import BannedPhrase


@dataclass(frozen=True)
class Finding:
    """A banned phrase at ``text[start:end]`` (code-point offsets) and what to say instead."""

    phrase: str
    start: int
    end: int
    category: str
    alternative: str
    matched: str = ""


@dataclass(frozen=True)
class OpeningCheck:
    """Seed 000 §二(一): 开场白需包含“问候+自我介绍+服务意图”."""

    greeting: bool
    self_introduction: bool
    intent: bool

    @property
    def complete(self) -> bool:
        return self.greeting and self.self_introduction and self.intent


GREETING = re.compile(r"您好|你好|早上好|上午好|中午好|下午好|晚上好|欢迎光临|欢迎您|大家好")
SELF_INTRODUCTION = re.compile(r"我是|我叫|这里是|本人是|工号")
INTENT = re.compile(
    r"有什么(?:可以|能|需要)(?:帮|为|帮助)|为您服务|帮到您|能为您做|请问|需要什么帮助|有什么事"
)


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in Simplified Chinese, with exactly one character for each character of it.

    OpenCC converts phrase by phrase; should a phrase change length, fall back to converting
    character by character so positions in the result are positions in ``text``.
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    chars = (_t2s().convert(c) for c in text)
    return "".join(s if len(s) == 1 else c for c, s in zip(text, chars, strict=True))


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while needle and at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _excepted(norm: str, start: int, phrase: str, exceptions: list[str]) -> bool:
    """Whether the phrase at ``start`` is part of an allowed expression such as 可不可以."""
    for allowed in exceptions:
        for offset in _occurrences(allowed, phrase):
            begin = start - offset
            if begin >= 0 and norm[begin : begin + len(allowed)] == allowed:
                return True
    return False


def check_reply(text: str, phrases: list[BannedPhrase] | None = None) -> list[Finding]:
    """Every banned phrase in ``text`` with its positive alternative, in reading order.

    Where phrases overlap (我也没办法 / 没办法) the longest is reported once. Phrases are the
    active ``BannedPhrase`` rows unless given. Implements G-01, G-02 (over-promising).
    """
    if phrases is None:
        phrases = list(BannedPhrase.objects.filter(active=True))
    norm = simplified(text)
    candidates = []
    for row in phrases:
        phrase = simplified(row.phrase.strip())
        exceptions = [simplified(e) for e in row.exception_list]
        for start in _occurrences(norm, phrase):
            if not _excepted(norm, start, phrase, exceptions):
                candidates.append((start, start + len(phrase), row))
    taken: list[tuple[int, int]] = []
    findings = []
    for start, end, row in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        findings.append(
            Finding(row.phrase, start, end, row.category, row.alternative, text[start:end])
        )
    return sorted(findings, key=lambda f: f.start)


def check_opening(text: str) -> OpeningCheck:
    """Whether an opening greets, introduces the agent and offers help. Implements G-02, S-03."""
    norm = simplified(text)
    return OpeningCheck(
        greeting=bool(GREETING.search(norm)),
        self_introduction=bool(SELF_INTRODUCTION.search(norm)),
        intent=bool(INTENT.search(norm)),
    )
