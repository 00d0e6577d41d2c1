"""What the retention API takes and answers."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class Audience(Schema):
    member_levels: list[str] = []
    provinces: list[str] = []
    tags: list[str] = []
    category_ids: list[int] = []


class RetentionRuleIn(Schema):
    name: str
    kind: str
    channel: str = "sms"
    content: str = ""
    audience: Audience = Audience()
    day_of_month: int = 1
    lead_days: int = 3
    months: int | None = None
    product_id: int | None = None
    active: bool = True


class RetentionRuleOut(Schema):
    id: int
    name: str
    kind: str
    channel: str
    content: str
    audience: dict[str, list[str | int]]
    day_of_month: int
    lead_days: int
    months: int | None
    product_id: int | None
    active: bool


class CapIO(Schema):
    max_touches: int


class ConsentIn(Schema):
    granted: bool
    source: str = "agent"


class ConsentOut(Schema):
    id: int
    customer_id: int
    granted: bool
    source: str
    recorded_at: datetime
    recorded_by_id: int | None


class RetentionCampaignIn(Schema):
    name: str
    goal: int
    audience: Audience = Audience()
    product_id: int | None = None
    team_id: int | None = None


class RetentionCampaignOut(Schema):
    id: int
    name: str
    goal: int
    state: str
    audience: dict[str, list[str | int]]
    product_id: int | None
    team_id: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    lessons: str


class RetentionStartIn(Schema):
    agent_ids: list[int] = []


class RetentionLeadOut(Schema):
    id: int
    campaign_id: int
    customer_id: int
    customer_name: str
    agent_id: int | None
    outcome: str
    refusal_reason: str
    attempts: int
    last_called_at: datetime | None

    @staticmethod
    def resolve_customer_name(obj: object) -> str:
        return obj.customer.name  # type: ignore[attr-defined]


class CallIn(Schema):
    outcome: str
    refusal_reason: str = ""
    script_id: int | None = None
    notes: str = ""


class CallOut(Schema):
    id: int
    lead_id: int
    agent_id: int | None
    called_at: datetime
    outcome: str
    refusal_reason: str
    script_id: int | None
    notes: str


class RetentionAgentLineOut(Schema):
    agent: str
    leads: int
    done: int
    reached: int
    interested: int
    refused: int
    conversion: float


class RetentionSummaryOut(Schema):
    goal: int
    interested: int
    goal_rate: float
    achieved: bool
    leads: int
    called: int
    list_usage: float
    reached: int
    reach_rate: float
    refused: int
    calls: int
    agents: list[RetentionAgentLineOut]
    refusals: list[tuple[str, int]]
    lessons: str


class LessonsIn(Schema):
    lessons: str
