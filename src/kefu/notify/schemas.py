"""API schemas of notify: outbox rows (recipient masked), in-app notices, message templates."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class MessageOut(Schema):
    id: int
    event_id: int | None
    template_event: str
    channel: str
    recipient: str = Field(..., alias="masked_recipient")
    customer_id: int | None
    language: str
    status: str
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str
    created_at: datetime


class MessageFilter(Schema):
    status: str | None = None
    limit: int = 50
    offset: int = 0


class InAppOut(Schema):
    id: int
    template_event: str
    subject: str
    body: str
    created_at: datetime


class MarkReadIn(Schema):
    ids: list[int] | None = Field(None, description="Leave out to mark every unread notice read.")


class MarkedOut(Schema):
    marked: int


class TemplateOut(Schema):
    id: int
    event: str
    channel: str
    language: str
    subject: str
    body: str
    active: bool
    updated_at: datetime


class TemplateIn(Schema):
    event: str = Field(..., max_length=80)
    channel: str
    language: str
    subject: str = Field("", max_length=200)
    body: str
    active: bool = True


class TemplatePatch(Schema):
    subject: str | None = Field(None, max_length=200)
    body: str | None = None
    active: bool | None = None
