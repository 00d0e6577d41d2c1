"""API schemas of the quality app."""

from __future__ import annotations

from ninja import Field, Schema

MAX_TEXT = 10000


class TextIn(Schema):
    text: str = Field(
        ..., max_length=MAX_TEXT, description="The draft reply, Simplified or Traditional"
    )


class FindingOut(Schema):
    phrase: str
    start: int = Field(..., description="Code-point offset in the text sent")
    end: int
    matched: str = Field(..., description="The text at start:end, as written")
    category: str
    category_label: str
    alternative: str


class ReplyCheckOut(Schema):
    ok: bool
    findings: list[FindingOut]


class OpeningCheckOut(Schema):
    greeting: bool
    self_introduction: bool
    intent: bool
    complete: bool
