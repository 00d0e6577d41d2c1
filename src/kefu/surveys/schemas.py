"""What the surveys API takes and answers."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from kefu.quality.models import ImprovementAction
from kefu.surveys.models import Survey


class SurveyOut(Schema):
    id: int
    trigger: str
    method: str
    status: str
    customer_id: int
    ticket_number: str | None = None
    order_number: str | None = None
    team_id: int | None
    agent_id: int | None
    category: str
    channel: str
    service_at: datetime
    send_at: datetime
    sent_at: datetime | None
    expires_at: datetime | None
    answered_at: datetime | None
    overall: int | None = None

    @staticmethod
    def resolve_ticket_number(obj: Survey) -> str | None:
        return obj.ticket.number if obj.ticket_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_order_number(obj: Survey) -> str | None:
        return obj.order.number if obj.order_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_overall(obj: Survey) -> int | None:
        response = getattr(obj, "response", None) if obj.status == "answered" else None
        return response.overall if response is not None else None


class SurveyFilter(Schema):
    status: str | None = None
    method: str | None = None
    ticket_number: str | None = None
    limit: int = 50
    offset: int = 0


class AnswersIn(Schema):
    attitude: int = Field(..., description="服务态度 1–5")
    speed: int = Field(..., description="解决速度 1–5")
    result: int = Field(..., description="处理结果 1–5")
    overall: int = Field(..., description="总体满意度 1–5")
    reasons: list[str] = []
    comment: str = ""


class ReportRowOut(Schema):
    key: str
    label: str
    responses: int
    satisfied: int
    rate: float
    avg_overall: float


class ReasonOut(Schema):
    code: str
    label: str
    count: int
    share: float


class TrendOut(Schema):
    month: str
    rate: float
    responses: int


class SurveyReportOut(Schema):
    month: str
    by: str
    satisfied_min_score: int
    rows: list[ReportRowOut]
    total: ReportRowOut
    reasons: list[ReasonOut]
    trend: list[TrendOut]


class FollowUpOut(Schema):
    id: int
    survey_id: int
    assignee_id: int | None
    team_id: int | None
    status: str
    due_at: datetime
    note: str
    done_at: datetime | None


class SurveyNoteIn(Schema):
    note: str


class SurveyImprovementIn(Schema):
    title: str
    reason: str = ""
    owner_id: int
    due_on: date
    month: date | None = None


class SurveyImprovementOut(Schema):
    id: int
    title: str
    reason: str = Field(..., description="The dissatisfaction reason addressed (a code)")
    owner_id: int
    due_on: date
    month: date | None
    done_at: datetime | None
    done_note: str

    @staticmethod
    def resolve_reason(obj: ImprovementAction) -> str:
        return obj.category


class SettingsOut(Schema):
    satisfied_min_score: int
    low_score_max: int
    requests_per_address: int
    requests_per_link: int
    limit_window_seconds: int


class SettingsPatch(Schema):
    satisfied_min_score: int | None = None
    low_score_max: int | None = None
    requests_per_address: int | None = None
    requests_per_link: int | None = None
    limit_window_seconds: int | None = None
