"""One way to page a list in the API: limit/offset with `has_more`, never a COUNT over the table."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Schema

T = TypeVar("T")
MAX_LIMIT = 200
# Past any real list, and inside a 64-bit SQL integer: a larger offset answers an empty page.
MAX_OFFSET = 10**12


class Page(Schema, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    has_more: bool


def page(qs: QuerySet[Any], *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    rows = list(qs[offset : offset + limit + 1])
    return {"items": rows[:limit], "limit": limit, "offset": offset, "has_more": len(rows) > limit}
