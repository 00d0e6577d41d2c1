"""API schemas of the customers app: personal fields always go out masked (C-05)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class CustomerIn(Schema):
    name: str = Field(..., max_length=100)
    gender: str = "unknown"
    birthday: date | None = None
    province: str = ""
    city: str = ""
    phone: str = ""
    alt_phone: str = ""
    email: str = ""
    wechat_id: str = ""
    address: str = ""
    member_level: str = "none"
    tags: list[str] = []
    preferences: str = ""
    source_channel: str = "web"
    marketing_consent: bool = False
    owner_id: int | None = None
    team_id: int | None = None


class CustomerPatch(Schema):
    """The fields to change, with the ``version`` the client read (409 when it is stale)."""

    version: int
    name: str | None = None
    gender: str | None = None
    birthday: date | None = None
    province: str | None = None
    city: str | None = None
    phone: str | None = None
    alt_phone: str | None = None
    email: str | None = None
    wechat_id: str | None = None
    address: str | None = None
    member_level: str | None = None
    tags: list[str] | None = None
    preferences: str | None = None
    source_channel: str | None = None
    marketing_consent: bool | None = None
    owner_id: int | None = None
    team_id: int | None = None


class CustomerOut(Schema):
    """A customer; ``phone``, ``email``, ``address``, ``birthday``, ``wechat_id`` are masked."""

    id: int
    name: str
    gender: str
    birthday: str
    province: str
    city: str
    phone: str
    alt_phone: str
    email: str
    wechat_id: str
    address: str
    member_level: str
    tags: list[str]
    preferences: str
    source_channel: str
    marketing_consent: bool
    owner_id: int | None
    team_id: int | None
    created_at: datetime
    updated_at: datetime
    version: int
    masked: bool = True


class CustomerFilter(Schema):
    owner_id: int | None = None
    team_id: int | None = None
    member_level: str | None = None
    limit: int = 50
    offset: int = 0


class RevealIn(Schema):
    fields: list[str] = Field(..., min_length=1, max_length=10)


class RevealOut(Schema):
    id: int
    values: dict[str, str]


class NoteIn(Schema):
    text: str = Field(..., max_length=5000)


class NoteOut(Schema):
    id: int
    customer_id: int
    author_id: int | None
    text: str
    created_at: datetime


class TimelineEntryOut(Schema):
    at: datetime
    kind: str
    label: str
    actor: str
    text: str
    subject_type: str
    subject_id: str
    payload: dict


class TimelineOut(Schema):
    items: list[TimelineEntryOut]
    next_before: datetime | None
