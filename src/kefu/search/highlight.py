"""Marking the matched words in a hit: ``<mark>`` around them, in a short window of the text.

Matching is done on the folded text (Simplified, lower case) character for character, so the
marks land on the words as the customer wrote them, Traditional or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kefu.search.text import normalise

SNIPPET = 120  # characters shown around the first match


@lru_cache(maxsize=20_000)
def _fold(char: str) -> str:
    folded = normalise(char)
    return folded if len(folded) == 1 else char  # NFKC may lengthen a character: keep it


def _folded(text: str) -> str:
    """``text`` folded one character for one, so positions in it are positions in ``text``."""
    return "".join(map(_fold, text))


def _spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the terms in ``text``, longest terms winning."""
    folded = _folded(text)
    taken = [False] * len(text)
    spans = []
    for term in sorted(terms, key=len, reverse=True):
        start = folded.find(term)
        while term and start != -1:
            end = start + len(term)
            if not any(taken[start:end]):
                spans.append((start, end))
                taken[start:end] = [True] * (end - start)
            start = folded.find(term, end)
    return sorted(spans)


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in spans:
        out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """The whole of ``text``, HTML-escaped, with every term marked."""
    return mark_safe(_marked(text, _spans(text, terms)))  # noqa: S308 - every part is escaped


def snippet(text: str, terms: Sequence[str], *, width: int = SNIPPET) -> SafeString:
    """About ``width`` characters of ``text`` around the first match, terms marked."""
    spans = _spans(text, terms)
    start = max(0, (spans[0][0] if spans else 0) - width // 4)
    end = min(len(text), start + width)
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = _marked(text[start:end], inside)
    return mark_safe(  # noqa: S308 - every part is escaped
        ("…" if start else "") + body + ("…" if end < len(text) else "")
    )
