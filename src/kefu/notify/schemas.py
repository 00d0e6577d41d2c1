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


class WebhookIn(Schema):
    name: str = Field(..., max_length=100)
    url: str = Field(..., max_length=500)
    events: list[str]
    active: bool = True


class WebhookPatch(Schema):
    name: str | None = Field(None, max_length=100)
    url: str | None = Field(None, max_length=500)
    events: list[str] | None = None
    active: bool | None = None


class WebhookOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    active: bool
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(..., description="The HMAC-SHA256 key; shown only now.")


class WebhookDeliveryOut(Schema):
    id: int
    subscription_id: int
    event_id: int
    event: str = Field(..., alias="event.name")
    status: str
    response_status: int | None
    refusal: str
    attempts: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


class AllowedHostIn(Schema):
    host: str = Field(..., max_length=255)
    note: str = Field("", max_length=200)


class AllowedHostOut(Schema):
    id: int
    host: str
    note: str
    created_at: datetime
