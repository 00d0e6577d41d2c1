"""Chinese text into search tokens: Traditional → Simplified, then jieba words.

Documents are cut with ``cut_for_search`` so the two-character words inside longer words are
tokens too (退款申请 → 退款, 申请, 退款申请); queries are cut plainly and every word must match.
Both sides skip jieba's HMM guesses, so a word is cut the same way whatever surrounds it, and
both know the service vocabulary below and the product names other apps register.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

import jieba
from opencc import OpenCC

jieba.setLogLevel(logging.WARNING)

# Words of after-sales service that jieba's general dictionary cuts apart or not at all
# (开不了机 → 开/不了/机, 坏了 → 坏/了); each is then one token wherever it appears.
SERVICE_WORDS = (
    "退款 退货 换货 退换货 补发 少发 漏发 发错 错发 错件 破损 坏了 开不了机 开不了 充不进电 "
    "不充电 充电 充电器 物流 快递 延迟 发货 到货 维修 保修 质保 返修 发票 质量 客服 态度 "
    "屏幕 电池 死机 黑屏 花屏 蓝屏 卡顿 无理由 七天无理由 差评 投诉 赔偿 优惠券 退运费"
)
# Words too common to tell documents apart; dropped from documents and queries alike.
STOPWORD_TEXT = (
    "的 了 吗 呢 啊 吧 呀 嘛 哦 哈 是 在 和 与 及 或 也 都 就 很 还 又 我 你 他 她 它 您 "
    "我们 你们 他们 这 那 有 个 把 被 给 让 着 过 之"
)
STOPWORDS = frozenset(STOPWORD_TEXT.split())
# The longest token kept (PostgreSQL refuses lexemes over 2 KB; nobody searches 60 letters).
MAX_TOKEN = 60
# How often a process looks for new product names to add to its dictionary.
VOCABULARY_TTL = 300.0

WORDS = re.compile(r"\w+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

VocabularySource = Callable[[], Iterable[str]]
_sources: list[VocabularySource] = []


def register_vocabulary(source: VocabularySource) -> None:
    """Add a source of words (e.g. product names) for the tokenizer's user dictionary."""
    if source not in _sources:
        _sources.append(source)


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=100_000)
def _simplified(chunk: str) -> str:
    return _converter().convert(chunk)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def normalise(text: str) -> str:
    """``text`` folded for matching: full-width to half-width, lower case, Simplified."""
    parts = re.split(r"(\W+)", _fold(text))
    return "".join(_simplified(p) if HAN.search(p) else p for p in parts)


def chunks(text: str) -> list[str]:
    """The runs of letters and digits of ``text``, folded (Simplified, lower case)."""
    return [_simplified(c) if HAN.search(c) else c for c in WORDS.findall(_fold(text))]


def _vocabulary() -> set[str]:
    words: set[str] = set()
    for source in _sources:
        for name in source():
            words.update(w for w in chunks(name) if 2 <= len(w) <= MAX_TOKEN)
    return words


class _Dictionary:
    """jieba's dictionary with the service words and the registered vocabulary: built once per
    process on first use (about a second), looking for new product names every few minutes."""

    def __init__(self) -> None:
        self.tokenizer: jieba.Tokenizer | None = None
        self.words: set[str] = set()
        self.checked_at = 0.0
        self.frozen = False  # a reindex worker: no database, the words it was given
        self.lock = threading.Lock()

    def get(self) -> jieba.Tokenizer:
        tokenizer = self.tokenizer
        fresh = time.monotonic() - self.checked_at < VOCABULARY_TTL
        if tokenizer is not None and (fresh or self.frozen):
            return tokenizer
        with self.lock:
            self._build()
            if not self.frozen:
                self.refresh()
            return self.tokenizer  # type: ignore[return-value]

    def _build(self) -> None:
        if self.tokenizer is None:
            fresh = jieba.Tokenizer()
            fresh.initialize()
            for word in SERVICE_WORDS.split():
                fresh.add_word(word, freq=100_000)
            self.tokenizer = fresh

    def refresh(self, words: set[str] | None = None) -> None:
        new = (_vocabulary() if words is None else words) - self.words
        for word in sorted(new):
            self.tokenizer.add_word(word)  # type: ignore[union-attr]
        if new:
            _chunk_words.cache_clear()
        self.words |= new
        self.checked_at = time.monotonic()


_dictionary = _Dictionary()


def _tokenizer() -> jieba.Tokenizer:
    return _dictionary.get()


def vocabulary_words() -> list[str]:
    """The registered words this process's tokenizer knows (handed to reindex workers)."""
    _dictionary.get()
    return sorted(_dictionary.words)


def use_vocabulary(words: Iterable[str]) -> None:
    """Tokenise with the service words and ``words`` only, never reading the registered sources
    again: for a reindex worker process, which must not touch the database."""
    with _dictionary.lock:
        _dictionary.frozen = True
        _dictionary._build()
        _dictionary.refresh(set(words))


def refresh_vocabulary() -> None:
    """Read the registered sources again and teach the tokenizer their new words."""
    if _dictionary.tokenizer is None:
        _dictionary.get()
        return
    with _dictionary.lock:
        _dictionary.refresh()


@lru_cache(maxsize=200_000)
def _chunk_words(chunk: str, for_search: bool) -> tuple[str, ...]:
    """The tokens of one folded run of letters and digits (cached: texts repeat phrases)."""
    if not HAN.search(chunk):
        return (chunk,) if len(chunk) <= MAX_TOKEN else ()
    tokenizer = _tokenizer()
    cut = tokenizer.cut_for_search if for_search else tokenizer.cut
    words = cut(_simplified(chunk), HMM=False)
    return tuple(
        w for w in words if WORDS.fullmatch(w) and w not in STOPWORDS and len(w) <= MAX_TOKEN
    )


def _tokens(text: str, *, for_search: bool) -> list[str]:
    words: list[str] = []
    for chunk in WORDS.findall(_fold(text)):
        words.extend(_chunk_words(chunk, for_search))
    return words


def document_tokens(text: str) -> list[str]:
    """Every token of a document, repeated as often as it occurs (more matches rank higher)."""
    _tokenizer()
    return _tokens(text, for_search=True)


def query_terms(text: str) -> list[str]:
    """The distinct words of a query, in order; a document must contain all of them."""
    _tokenizer()
    return list(dict.fromkeys(_tokens(text, for_search=False)))


def highlight_terms(text: str) -> list[str]:
    """What to mark in a hit: the query's words and its whole chunks, longest first."""
    return sorted(set(query_terms(text)) | set(chunks(text)), key=lambda w: (-len(w), w))
