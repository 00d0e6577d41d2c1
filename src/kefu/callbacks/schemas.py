"""What the callbacks API takes and answers."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from kefu.callbacks.models import CallbackTask
from kefu.core.api_types import WallTime


class CampaignIn(Schema):
    name: str
    kind: str
    served_from: date | None = None
    served_to: date | None = None
    member_levels: list[str] = []
    holiday_name: str = ""
    maintenance_from: date | None = None
    maintenance_to: date | None = None
    wish: str = ""
    team_id: int | None = None


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    state: str
    served_from: date | None
    served_to: date | None
    member_levels: list[str]
    holiday_name: str
    maintenance_from: date | None
    maintenance_to: date | None
    wish: str
    team_id: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    archived_at: datetime | None
    problems_found: str
    suggestions: str


class StartIn(Schema):
    agent_ids: list[int] = []


class CustomersIn(Schema):
    customer_ids: list[int] = []
    agent_ids: list[int] = []


class SummaryIn(Schema):
    problems_found: str = ""
    suggestions: str = ""


class TaskOut(Schema):
    id: int
    campaign_id: int
    customer_id: int
    customer_name: str
    agent_id: int | None
    service_label: str
    service_at: datetime | None
    due_at: datetime | None
    scheduled_at: datetime | None
    status: str
    attempts: int
    outcome: str
    done_at: datetime | None

    @staticmethod
    def resolve_customer_name(obj: CallbackTask) -> str:
        return obj.customer.name


class RecordIn(Schema):
    reached: bool | None = None
    outcome: str = ""
    to_improve: str = ""
    suggestions: str = ""
    follow_up_needed: bool = False
    follow_up_note: str = ""
    notes: str = ""
    called_at: datetime | None = None
    rescheduled_to: datetime | None = None


class RecordOut(Schema):
    id: int
    task_id: int
    agent_id: int | None
    called_at: datetime
    reached: bool
    outcome: str
    to_improve: str
    suggestions: str
    follow_up_needed: bool
    follow_up_note: str
    notes: str
    rescheduled_to: datetime | None


class ScheduleIn(Schema):
    at: datetime


class CallbackScriptOut(Schema):
    scene: str
    title: str
    text: str


class RestSpanIO(Schema):
    starts_at: WallTime
    ends_at: WallTime
    name: str = ""


class NextAllowedOut(Schema):
    at: datetime
    in_rest_hours: bool
    next_allowed_at: datetime | None


class GapOut(Schema):
    customer_id: int
    name: str
    member_level: str
    service: str
    service_at: datetime | None
    status: str
    task_id: int | None


class CoverageOut(Schema):
    population: int
    called_back: int
    rate: float
    gap_count: int
    gaps: list[GapOut]


class AgentLineOut(Schema):
    agent: str
    tasks: int
    called_back: int
    satisfied: int
    unsatisfied: int


class SummaryOut(Schema):
    tasks: int
    called_back: int
    not_reached: int
    attempts: int
    outcomes: dict[str, int]
    satisfaction_rate: float
    coverage_population: int
    coverage_called_back: int
    coverage_rate: float
    gap_count: int
    problems: list[str]
    customer_suggestions: list[str]
    follow_ups: list[str]
    agents: list[AgentLineOut]
    problems_found: str
    suggestions: str
    archived: bool
