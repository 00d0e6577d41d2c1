"""What the presales API takes and answers."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from kefu.presales.models import Inquiry, Lead, NeedsAnalysis


class InquiryIn(Schema):
    channel: str
    question: str
    product_id: int | None = None
    customer_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    received_at: datetime | None = None
    rings: int | None = None


class PresalesDeadlineOut(Schema):
    kind: str
    due_at: datetime
    status: str


class InquiryOut(Schema):
    id: int
    lead_id: int
    customer_id: int
    channel: str
    product_id: int | None
    question: str
    received_at: datetime
    answered_at: datetime | None
    rings: int | None
    owner_id: int | None
    deadlines: list[PresalesDeadlineOut]

    @staticmethod
    def resolve_deadlines(obj: Inquiry) -> list[dict[str, object]]:
        rows = [getattr(obj, "first_response", None), getattr(obj, "promise", None)]
        return [{"kind": d.kind, "due_at": d.due_at, "status": d.status} for d in rows if d]


class PresalesReplyIn(Schema):
    body: str
    promise: bool = False


class ReplyOut(Schema):
    id: int
    inquiry_id: int
    body: str
    sent_at: datetime
    first: bool
    greeting: bool
    self_introduction: bool
    intent: bool
    promised: bool


class OpeningOut(Schema):
    text: str


class NeedsIn(Schema):
    """Only the fields sent are changed; ``budget_fen`` is checked by the service."""

    version: int
    decision_maker: str | None = None
    what: str | None = None
    when: str | None = None
    where: str | None = None
    why: str | None = None
    how: str | None = None
    features: str | None = None
    budget_fen: int | str | None = None
    category_id: int | None = None


class NeedsOut(Schema):
    decision_maker: str
    what: str
    when: str
    where: str
    why: str
    how: str
    features: str
    budget_fen: int | None
    category_id: int | None
    completeness: int
    answered: list[str]


class LeadOut(Schema):
    id: int
    customer_id: int
    customer_name: str
    channel: str
    stage: str
    owner_id: int | None
    team_id: int | None
    lost_reason: str
    order_number: str | None
    expected_delivery_on: date | None
    created_at: datetime
    stage_changed_at: datetime
    version: int

    @staticmethod
    def resolve_customer_name(obj: Lead) -> str:
        return obj.customer.name

    @staticmethod
    def resolve_order_number(obj: Lead) -> str | None:
        return obj.order.number if obj.order_id else None  # type: ignore[union-attr]


class LeadDetailOut(LeadOut):
    needs: NeedsOut | None

    @staticmethod
    def resolve_needs(obj: Lead) -> NeedsAnalysis | None:
        return NeedsAnalysis.objects.filter(lead=obj).first()


class SuggestionOut(Schema):
    product_id: int
    name: str
    price_fen: int
    score: int
    reasons: list[str]
    selling_points: list[str]


class RecommendIn(Schema):
    version: int
    product_ids: list[int]
    message: str = ""


class RecommendationOut(Schema):
    id: int
    product_id: int
    score: int
    reasons: list[str]
    message: str
    sent_at: datetime


class ObjectionIn(Schema):
    version: int
    kind: str
    words: str
    answer: str = ""
    script_id: int | None = None


class ObjectionOut(Schema):
    id: int
    kind: str
    words: str
    answer: str
    script_id: int | None
    recorded_at: datetime


class MoveIn(Schema):
    version: int
    action: str


class LoseIn(Schema):
    version: int
    reason: str


class WinIn(Schema):
    version: int
    expected_delivery_on: date | None = None
    order_number: str = ""
    product_ids: list[int] = []
    quantity: int = 1


class StageRateOut(Schema):
    stage: str
    reached: int
    next_reached: int
    rate: float | None


class AgentMonthOut(Schema):
    month: date
    agent: str
    leads: int
    won: int
    lost: int
    rate: float | None


class ReportOut(Schema):
    first: date
    last: date
    stages: list[StageRateOut]
    agents: list[AgentMonthOut]
    objections: dict[str, int]
