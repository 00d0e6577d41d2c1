"""API schemas of the quality app."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from kefu.quality.models import ConversationScore
from kefu.quality.scores import AgentRow, criterion_label

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


class EmotionOut(Schema):
    label: str = Field(..., description="angry, anxious, neutral or satisfied")
    score: float = Field(..., description="The winning label's sum of cue weights")
    cues: list[str] = Field(..., description="The words that gave the label, negation included")
    raises_urgency: bool


class CriterionOut(Schema):
    code: str
    label: str
    points: int
    weight: int
    reason: str


class ScoreOut(Schema):
    id: int
    number: str = Field(..., alias="subject_label")
    agent_id: int | None
    month: date
    closed_at: datetime
    score: int = Field(..., description="Computed from the criteria")
    final_score: int = Field(..., description="The override when there is one")
    override_note: str
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj: ConversationScore) -> list[dict[str, object]]:
        return [{**c, "label": criterion_label(str(c["code"]))} for c in obj.criteria]


class OverrideIn(Schema):
    score: int = Field(..., description="The score to stand, 0–100")
    note: str = Field(..., max_length=2000, description="Why it is changed")


class AgentRowOut(Schema):
    agent_id: int | None
    agent: str
    team: str
    conversations: int
    average: float
    overridden: int
    pass_rates: dict[str, int] = Field(..., description="Per criterion, % of conversations met")

    @staticmethod
    def resolve_pass_rates(obj: AgentRow) -> dict[str, int]:
        return dict(obj.pass_rates)


class MonthReportOut(Schema):
    month: date
    rows: list[AgentRowOut]
