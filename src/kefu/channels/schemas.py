"""API schemas of channels: quarantined emails and what a re-run made of one."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class QuarantinedOut(Schema):
    id: int
    sha256: str
    size: int
    source: str
    status: str
    error: str
    attempts: int
    record_id: int | None
    received_at: datetime
    released_at: datetime | None


class QuarantinedDetail(QuarantinedOut):
    raw: str  # the message as received, bytes that are not UTF-8 escaped


class QuarantineFilter(Schema):
    status: str | None = "held"
    limit: int = 50
    offset: int = 0


class RerunOut(Schema):
    outcome: str
    ticket_id: int | None
    quarantine: QuarantinedOut
