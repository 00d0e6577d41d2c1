"""API schemas of the core: users, tokens, audit lines, outbox deliveries."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    language: str


class TokenIn(Schema):
    name: str = Field(..., max_length=100)
    user_id: int | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    user_id: int
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    key: str


class AuditOut(Schema):
    id: int
    at: datetime
    actor_id: int | None
    action: str
    subject_type: str
    subject_id: str
    summary: str
    data: dict


class DeliveryOut(Schema):
    id: int
    event: str = Field(..., alias="event.name")
    handler: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str


class Health(Schema):
    status: str
    database: str
    version: str
    worker_seen_seconds_ago: float | None
    outbox_pending: int
    outbox_oldest_pending_seconds: float | None
