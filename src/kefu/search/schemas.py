"""Shapes of the search API."""

from __future__ import annotations

from ninja import Field, Schema


class SearchFilter(Schema):
    q: str = Field(..., max_length=200, description="words to find; Traditional Chinese is fine")
    kinds: list[str] | None = Field(
        None, description="ticket, customer, article (repeat the parameter); default all"
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


class HitOut(Schema):
    kind: str
    object_id: int
    title: str = Field(description="HTML: escaped, the matched words in <mark>")
    snippet: str = Field(description="HTML: part of the text around the first match")
    url: str
    score: int


class ResultsOut(Schema):
    items: list[HitOut]
    limit: int
    offset: int
    has_more: bool
    terms: list[str] = Field(description="the words every hit contains")
