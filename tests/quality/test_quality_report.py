"""The quality report per agent per month (supervisor: the team, manager: all) with its Excel
export, and a supervisor's override of a score with a note, audited (G-04)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kefu.core.errors import Forbidden, InvalidInput, NotFound
from kefu.core.models import AuditEntry
from kefu.quality.models import ConversationScore
from kefu.quality.scores import override_conversation_score
from tests.conftest import client_for
from tests.quality.factories import ScoreFactory, criteria

pytestmark = pytest.mark.req("G-04")


@pytest.fixture
def month_of_scores(agent, teammate, other_team_agent, team, other_team):
    """March 2026: agent 100 and 90, teammate 90, an agent of the other team 80; one April."""
    return [
        ScoreFactory(agent=agent, team=team),
        ScoreFactory(agent=agent, team=team, criteria=criteria(greeting=0)),
        ScoreFactory(agent=teammate, team=team, criteria=criteria(banned_phrases=0)),
        ScoreFactory(
            agent=other_team_agent, team=other_team, criteria=criteria(diagnose=0, listen=5)
        ),
        ScoreFactory(agent=agent, team=team, month="2026-04-01"),
    ]


def rows(page: str) -> list[str]:
    return [
        line.split('data-agent="')[1].split('"')[0]
        for line in page.splitlines()
        if "data-agent=" in line
    ]


def test_a_supervisor_overrides_a_score_with_a_note_and_it_is_audited(supervisor, month_of_scores):
    scored = month_of_scores[1]

    override_conversation_score(
        actor=supervisor, score_id=scored.pk, value=95, note="客户主动挂断，开场白无法完成"
    )

    scored.refresh_from_db()
    assert (scored.score, scored.override_score, scored.final_score) == (90, 95, 95)
    assert (scored.override_note, scored.overridden_by) == (
        "客户主动挂断，开场白无法完成",
        supervisor,
    )
    entry = AuditEntry.objects.get(action="quality.score_overridden")
    assert (entry.actor, entry.subject_id, entry.data) == (
        supervisor,
        str(scored.pk),
        {"from": 90, "to": 95, "computed": 90},
    )


@pytest.mark.parametrize(
    ("value", "note", "field"),
    [(101, "理由", "score"), (-1, "理由", "score"), ("90", "理由", "score"), (90, "  ", "note")],
)
def test_a_bad_override_is_refused_and_nothing_changes(
    supervisor, month_of_scores, value, note, field
):
    scored = month_of_scores[0]

    with pytest.raises(InvalidInput) as refused:
        override_conversation_score(actor=supervisor, score_id=scored.pk, value=value, note=note)

    assert list(refused.value.fields) == [field]
    scored.refresh_from_db()
    assert scored.override_score is None
    assert not AuditEntry.objects.filter(action="quality.score_overridden").exists()


def test_an_agent_cannot_override_their_own_score(agent, month_of_scores):
    with pytest.raises(Forbidden):
        override_conversation_score(
            actor=agent, score_id=month_of_scores[0].pk, value=100, note="x"
        )

    assert ConversationScore.objects.filter(override_score__isnull=False).count() == 0
    assert not AuditEntry.objects.filter(action="quality.score_overridden").exists()


def test_a_supervisor_cannot_reach_another_teams_score(supervisor, month_of_scores):
    with pytest.raises(NotFound):
        override_conversation_score(
            actor=supervisor, score_id=month_of_scores[3].pk, value=100, note="x"
        )

    assert ConversationScore.objects.get(pk=month_of_scores[3].pk).override_score is None


def test_the_supervisor_sees_the_team_per_agent(supervisor, agent, teammate, month_of_scores):
    response = client_for(supervisor).get("/quality/?month=2026-03")

    page = response.content.decode()
    assert response.status_code == 200
    assert rows(page) == [str(agent.pk), str(teammate.pk)]  # best average first
    assert page.count('data-testid="override-form"') == 3


def test_the_manager_sees_every_team(manager, agent, teammate, other_team_agent, month_of_scores):
    page = client_for(manager).get("/quality/?month=2026-03").content.decode()

    assert rows(page) == [str(agent.pk), str(teammate.pk), str(other_team_agent.pk)]


def test_an_agent_may_not_open_the_report(agent, month_of_scores):
    assert client_for(agent).get("/quality/?month=2026-03").status_code == 403


def test_the_report_is_exported_to_excel(supervisor, agent, teammate, month_of_scores):
    override_conversation_score(
        actor=supervisor, score_id=month_of_scores[1].pk, value=100, note="复核"
    )

    response = client_for(supervisor).get("/quality/export.xlsx?month=2026-03")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quality-2026-03.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["客服专员", "已评分会话"]
    agents = list(book["客服专员"].iter_rows(values_only=True))
    assert agents[0][:6] == ("客服专员", "小组", "会话数", "平均分", "已修改", "问候开场")
    assert agents[1][:6] == ("agent", "售后一组", 2, 100.0, 1, 0.5)
    assert agents[2][:6] == ("teammate", "售后一组", 1, 90.0, 0, 1.0)
    detail = list(book["已评分会话"].iter_rows(values_only=True))
    assert [row[3:6] for row in detail[1:]] == [(100, 100, None), (90, 100, "复核"), (90, 90, None)]
    assert AuditEntry.objects.filter(action="quality.report_exported").count() == 1


def test_the_api_gives_the_report_and_overrides(supervisor, agent, month_of_scores):
    client = client_for(supervisor)

    report = client.get("/api/v1/quality/report?month=2026-03-01").json()
    changed = client.post(
        f"/api/v1/quality/scores/{month_of_scores[0].pk}/override",
        {"score": 60, "note": "漏报承诺"},
        content_type="application/json",
    )
    refused = client.post(
        f"/api/v1/quality/scores/{month_of_scores[0].pk}/override",
        {"score": 60, "note": ""},
        content_type="application/json",
    )

    assert [(r["agent_id"], r["conversations"], r["average"]) for r in report["rows"]] == [
        (agent.pk, 2, 95.0),
        (month_of_scores[2].agent_id, 1, 90.0),
    ]
    assert changed.status_code == 200
    assert (changed.json()["score"], changed.json()["final_score"]) == (100, 60)
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"note": refused.json()["message"]}
