"""Satisfaction surveys over the API (`/api/v1/surveys`): lists, phone answers, the monthly
report, follow-ups, improvement actions and the shop's survey settings. Implements Q-01..Q-04.

Refusals come back as ``{"error", "message", "fields"}``: 403, 404, 409 (already answered,
illegal move), 422 (bad input); nothing is written then.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.models import User
from kefu.core.pagination import Page, page
from kefu.surveys import queries, reports, services
from kefu.surveys.models import SurveySettings
from kefu.surveys.schemas import (
    AnswersIn,
    FollowUpOut,
    SettingsOut,
    SettingsPatch,
    SurveyFilter,
    SurveyImprovementIn,
    SurveyImprovementOut,
    SurveyNoteIn,
    SurveyOut,
    SurveyReportOut,
)

router = Router(tags=["surveys"])


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/surveys", response=Page[SurveyOut])
def survey_list(request: HttpRequest, filters: Query[SurveyFilter]) -> dict[str, Any]:
    qs = queries.survey_list(
        _actor(request),
        status=filters.status,
        method=filters.method,
        ticket_number=filters.ticket_number,
    ).select_related("response")
    return page(qs, limit=filters.limit, offset=filters.offset)


def _row(row: reports.Row) -> dict[str, Any]:
    return {**row.__dict__, "rate": row.rate}


@router.get("/surveys/report", response=SurveyReportOut)
def survey_report(request: HttpRequest, month: str = "", by: str = "team") -> dict[str, Any]:
    """Monthly satisfaction rate by team, agent, category or channel, with reasons (Q-04)."""
    report = reports.satisfaction_report(_actor(request), month=reports.parse_month(month), by=by)
    return {
        "month": f"{report.month:%Y-%m}",
        "by": report.by,
        "satisfied_min_score": report.threshold,
        "rows": [_row(r) for r in report.rows],
        "total": _row(report.total),
        "reasons": [r.__dict__ for r in report.reasons],
        "trend": [{"month": m, "rate": rate, "responses": n} for m, rate, n in report.trend],
    }


@router.get("/surveys/follow-ups", response=list[FollowUpOut])
def follow_up_list(request: HttpRequest, open_only: bool = True) -> Any:
    return list(queries.follow_ups(_actor(request), open_only=open_only)[:200])


@router.post("/surveys/follow-ups/{follow_up_id}/close", response=FollowUpOut)
def follow_up_close(request: HttpRequest, follow_up_id: int, body: SurveyNoteIn) -> Any:
    row = queries.follow_up(_actor(request), follow_up_id)
    return services.close_follow_up(actor=_actor(request), follow_up=row, note=body.note)


@router.get("/surveys/improvements", response=list[SurveyImprovementOut])
def improvement_list(request: HttpRequest, open_only: bool = False) -> Any:
    return list(queries.improvement_actions(_actor(request), open_only=open_only)[:200])


@router.post("/surveys/improvements", response={201: SurveyImprovementOut})
def improvement_create(request: HttpRequest, body: SurveyImprovementIn) -> Any:
    return Status(201, services.create_improvement_action(actor=_actor(request), data=body.dict()))


@router.post("/surveys/improvements/{action_id}/done", response=SurveyImprovementOut)
def improvement_done(request: HttpRequest, action_id: int, body: SurveyNoteIn) -> Any:
    row = queries.improvement_action(_actor(request), action_id)
    return services.complete_improvement_action(actor=_actor(request), action=row, note=body.note)


@router.get("/surveys/settings", response=SettingsOut)
def settings_get(request: HttpRequest) -> Any:
    return SurveySettings.current()


@router.patch("/surveys/settings", response=SettingsOut)
def settings_update(request: HttpRequest, body: SettingsPatch) -> Any:
    return services.update_survey_settings(
        actor=_actor(request), changes=body.dict(exclude_unset=True)
    )


@router.get("/surveys/{survey_id}", response=SurveyOut)
def survey_detail(request: HttpRequest, survey_id: int) -> Any:
    return queries.survey(_actor(request), survey_id)


@router.post("/surveys/{survey_id}/phone-answers", response=SurveyOut)
def phone_answers(request: HttpRequest, survey_id: int, body: AnswersIn) -> Any:
    """Record the answers taken on the phone (电话回访); once per survey (Q-03)."""
    survey = queries.survey(_actor(request), survey_id)
    return services.record_phone_survey(
        actor=_actor(request), survey=survey, answers=services.Answers(**body.dict())
    )
