"""Service quality over the API: the reply checker (G-01, G-02), emotion of a message (G-03),
conversation scores and their monthly report (G-04)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router

from kefu.core.permissions import require
from kefu.quality import scores
from kefu.quality.checker import check_opening, check_reply
from kefu.quality.emotion import classify
from kefu.quality.models import ConversationScore, PhraseCategory
from kefu.quality.schemas import (
    EmotionOut,
    MonthReportOut,
    OpeningCheckOut,
    OverrideIn,
    ReplyCheckOut,
    ScoreOut,
    TextIn,
)
from kefu.quality.scores import MonthReport

router = Router(tags=["service quality"])


def _label(category: str) -> str:
    return str(PhraseCategory(category).label) if category in PhraseCategory.values else category


@router.post("/quality/check-reply", response=ReplyCheckOut)
def check_reply_endpoint(request: HttpRequest, body: TextIn) -> dict[str, object]:
    """Banned phrases and over-promises in a draft reply, each with a positive alternative."""
    require(request.user, "quality.check")  # type: ignore[arg-type]
    findings = [{**asdict(f), "category_label": _label(f.category)} for f in check_reply(body.text)]
    return {"ok": not findings, "findings": findings}


@router.post("/quality/check-opening", response=OpeningCheckOut)
def check_opening_endpoint(request: HttpRequest, body: TextIn) -> dict[str, bool]:
    """Whether an opening has a greeting, a self-introduction and a service intent."""
    require(request.user, "quality.check")  # type: ignore[arg-type]
    result = check_opening(body.text)
    return {**asdict(result), "complete": result.complete}


@router.post("/quality/emotion", response=EmotionOut)
def classify_emotion(request: HttpRequest, body: TextIn) -> dict[str, object]:
    """The emotion of a customer's message: angry, anxious, neutral or satisfied (G-03)."""
    require(request.user, "quality.check")  # type: ignore[arg-type]
    emotion = classify(body.text)
    return {**asdict(emotion), "raises_urgency": emotion.raises_urgency}


@router.get("/quality/report", response=MonthReportOut)
def quality_report(request: HttpRequest, month: date) -> MonthReport:
    """Per agent, one month: scored conversations, average score, criteria met (G-04)."""
    return scores.monthly_report(request.user, month)  # type: ignore[arg-type]


@router.get("/quality/scores", response=list[ScoreOut])
def score_list(request: HttpRequest, month: date) -> Any:
    """The month's conversation scores the caller sees, with the reason of each criterion."""
    require(request.user, "quality.report")  # type: ignore[arg-type]
    return list(scores.month_scores(request.user, month)[:500])  # type: ignore[arg-type]


@router.post("/quality/scores/{score_id}/override", response=ScoreOut)
def override_score(request: HttpRequest, score_id: int, body: OverrideIn) -> ConversationScore:
    """A supervisor sets a conversation's score with a note; audited (G-04)."""
    return scores.override_conversation_score(
        actor=request.user,  # type: ignore[arg-type]
        score_id=score_id,
        value=body.score,
        note=body.note,
    )
