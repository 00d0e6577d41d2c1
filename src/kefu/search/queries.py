"""The one search function: words in, the documents the user may see out, ranked and marked.

Permission is part of the index query — each document carries its visibility keys and the
user's keys come from the providers' scopes — so no list of permitted ids is ever loaded.
Ranking: among the newest ``POOL`` matches, most occurrences of the query's words first, then
newest; past the pool (very common words at scale) results continue newest first, so a page
never costs more than the pool.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.search import backends
from kefu.search.highlight import highlight, snippet
from kefu.search.registry import key_token, provider, providers
from kefu.search.text import highlight_terms, query_terms

POOL = 300
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_QUERY = 200  # characters of a query that are read


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: SafeString  # escaped, matched words in <mark>
    snippet: SafeString
    url: str
    score: int


@dataclass(frozen=True)
class Results:
    items: list[Hit]
    limit: int
    offset: int
    has_more: bool
    terms: list[str]


def _kinds(kinds: Iterable[str] | None) -> list[str]:
    if kinds is None:
        return [p.kind for p in providers()]
    wanted = list(dict.fromkeys(kinds))
    unknown = [k for k in wanted if provider(k) is None]
    if unknown:
        raise InvalidInput(
            "unknown_kind",
            _("Unknown kind of record: %(kinds)s") % {"kinds": ", ".join(unknown)},
            {"kinds": _("invalid")},
        )
    return wanted


def actor_keys(actor: User | None, kinds: Iterable[str] | None = None) -> tuple[str, ...]:
    """The index keys ``actor`` holds over ``kinds``: a kind's name when they see all of it."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return ()
    keys: list[str] = []
    for kind in _kinds(kinds):
        scope = provider(kind).scope(actor)  # type: ignore[union-attr]
        keys += [key_token(kind)] if scope is None else [key_token(kind, k) for k in scope]
    return tuple(dict.fromkeys(keys))


def _hit(row: dict[str, object], marks: list[str]) -> Hit:
    return Hit(
        kind=str(row["kind"]),
        object_id=int(row["object_id"]),  # type: ignore[call-overload]
        title=highlight(str(row["title"]), marks),
        snippet=snippet(str(row["body"]), marks),
        url=str(row["url"]),
        score=int(row["score"]),  # type: ignore[call-overload]
    )


def _rows(match: backends.Match, limit: int, offset: int) -> list[dict[str, object]]:
    """``limit`` rows from ``offset``: ranked within the pool, newest first past it."""
    pool = backends.newest_ids(match, limit=POOL)
    rows = backends.ranked_rows(pool, match.terms, limit=limit, offset=offset)
    if len(rows) == limit or len(pool) < POOL:
        return rows
    older = backends.newest_ids(
        match, limit=limit - len(rows), offset=max(0, offset - POOL), before=pool[-1]
    )
    tail = backends.ranked_rows(older, match.terms, limit=len(older), offset=0)
    return rows + sorted(tail, key=lambda row: -int(row["id"]))  # type: ignore[call-overload]


def search(
    actor: User | None,
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Documents of ``kinds`` (default: all) holding every word of ``query`` that ``actor``
    may see, best first, with the words marked. Traditional input finds Simplified text.

    Implements N-01 (knowledge articles searchable in Chinese) and DESIGN's search mechanism.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), MAX_OFFSET))
    text = (query or "")[:MAX_QUERY]
    terms = query_terms(text)
    keys = actor_keys(actor, kinds)
    if not terms or not keys:
        return Results([], limit, offset, False, terms)
    match = backends.Match(tuple(terms), keys)
    rows = _rows(match, limit + 1, offset)
    marks = highlight_terms(text)
    items = [_hit(row, marks) for row in rows[:limit]]
    return Results(items, limit, offset, len(rows) > limit, terms)
