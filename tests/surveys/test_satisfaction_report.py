"""The monthly satisfaction report: rate by team, agent, category and channel, reasons,
exports and chart (Q-04)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry
from kefu.surveys.models import SurveySettings
from kefu.surveys.reports import satisfaction_report
from tests.catalog.factories import OrderFactory
from tests.conftest import client_for
from tests.surveys.conftest import at
from tests.surveys.factories import ResponseFactory, SurveyFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("Q-04")

MARCH = date(2026, 3, 1)


def answered(
    overall,
    when,
    *,
    team,
    agent,
    category="product_quality",
    channel="wechat",
    reasons=(),
    comment="",
):
    if category:
        survey = SurveyFactory(
            ticket=TicketFactory(team=team, status="resolved"),
            team=team,
            agent=agent,
            category=category,
            channel=channel,
            status="answered",
        )
    else:
        survey = SurveyFactory(
            ticket=None,
            order=OrderFactory(),
            trigger="purchase",
            team=team,
            agent=agent,
            category="",
            channel=channel,
            status="answered",
        )
    return ResponseFactory(
        survey=survey, overall=overall, answered_at=when, reasons=list(reasons), comment=comment
    )


@pytest.fixture
def month_of_answers(team, other_team, agent, other_team_agent):
    """March 2026: 5 answers for 售后一组 (4 satisfied), 2 for 售后二组 (1 satisfied)."""
    answered(5, at(2026, 3, 2, 10), team=team, agent=agent)
    answered(4, at(2026, 3, 9, 10), team=team, agent=agent)
    answered(
        2,
        at(2026, 3, 12, 10),
        team=team,
        agent=agent,
        reasons=["slow", "attitude"],
        comment="等了三天才有人回复",
    )
    answered(4, at(2026, 3, 20, 10), team=team, agent=None, category="", channel="web")
    answered(5, at(2026, 3, 31, 23, 30), team=team, agent=agent)
    answered(
        3,
        at(2026, 3, 5, 10),
        team=other_team,
        agent=other_team_agent,
        category="service_process",
        channel="phone",
        reasons=["slow"],
    )
    answered(
        5,
        at(2026, 3, 6, 10),
        team=other_team,
        agent=other_team_agent,
        category="service_process",
        channel="phone",
    )
    answered(1, at(2026, 2, 27, 10), team=team, agent=agent)  # February
    answered(1, at(2026, 4, 1, 0, 10), team=team, agent=agent)  # April, Shanghai time


def rows(report):
    return [(r.label, r.responses, r.satisfied, r.rate) for r in report.rows]


def test_the_month_by_team(supervisor, month_of_answers):
    report = satisfaction_report(supervisor, month=MARCH, by="team")

    assert rows(report) == [("售后一组", 5, 4, 80.0), ("售后二组", 2, 1, 50.0)]
    assert (report.total.responses, report.total.satisfied, report.total.rate) == (7, 5, 71.4)
    assert report.total.avg_overall == 4.0


def test_the_month_by_agent_category_and_channel(supervisor, month_of_answers):
    by_agent = satisfaction_report(supervisor, month=MARCH, by="agent")
    by_category = satisfaction_report(supervisor, month=MARCH, by="category")
    by_channel = satisfaction_report(supervisor, month=MARCH, by="channel")

    assert rows(by_agent) == [
        ("agent", 4, 3, 75.0),
        ("other_agent", 2, 1, 50.0),
        ("Not assigned", 1, 1, 100.0),
    ]
    assert rows(by_category) == [
        ("Product quality", 4, 3, 75.0),
        ("Service process", 2, 1, 50.0),
        ("After a purchase", 1, 1, 100.0),
    ]
    assert rows(by_channel) == [
        ("WeChat", 4, 3, 75.0),
        ("Phone", 2, 1, 50.0),
        ("Website", 1, 1, 100.0),
    ]


def test_the_dissatisfaction_reasons_and_comments(supervisor, month_of_answers):
    report = satisfaction_report(supervisor, month=MARCH)

    assert [(r.code, r.count, r.share) for r in report.reasons] == [
        ("slow", 2, 28.6),
        ("attitude", 1, 14.3),
    ]
    assert [c.comment for c in report.comments] == ["等了三天才有人回复"]


def test_the_satisfied_threshold_is_shop_data(supervisor, month_of_answers):
    SurveySettings.objects.filter(pk=1).update(satisfied_min_score=5)

    report = satisfaction_report(supervisor, month=MARCH)

    assert (report.total.satisfied, report.total.rate) == (3, 42.9)


def test_the_trend_covers_six_months(supervisor, month_of_answers):
    report = satisfaction_report(supervisor, month=MARCH)

    assert report.trend == [
        ("2025-10", 0.0, 0),
        ("2025-11", 0.0, 0),
        ("2025-12", 0.0, 0),
        ("2026-01", 0.0, 0),
        ("2026-02", 0.0, 1),
        ("2026-03", 71.4, 7),
    ]


def test_an_agent_may_not_read_the_report(agent):
    with pytest.raises(Forbidden):
        satisfaction_report(agent, month=MARCH)
    assert client_for(agent).get("/surveys/?month=2026-03").status_code == 403


def test_an_unknown_grouping_is_refused(supervisor):
    with pytest.raises(InvalidInput):
        satisfaction_report(supervisor, month=MARCH, by="weather")


def test_the_page_shows_the_table_and_the_chart(supervisor, month_of_answers):
    response = client_for(supervisor).get("/surveys/?month=2026-03&by=team")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="total-rate">71.4%<' in html
    assert 'id="satisfaction-chart"' in html
    assert "vendor/echarts/echarts.min.js" in html
    assert '"rates": [80.0, 50.0]' in html
    assert "Resolution too slow" in html


def test_the_excel_export_reads_back(supervisor, month_of_answers):
    response = client_for(supervisor).get("/surveys/export.xlsx?month=2026-03&by=team")

    book = load_workbook(io.BytesIO(response.content))
    table = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    reasons = [list(row) for row in book.worksheets[1].iter_rows(values_only=True)]
    assert response["Content-Disposition"] == (
        'attachment; filename="satisfaction-2026-03-team.xlsx"'
    )
    assert table == [
        ["Team", "Responses", "Satisfied", "Satisfaction rate (%)", "Average overall score"],
        ["售后一组", 5, 4, 80, 4],
        ["售后二组", 2, 1, 50, 4],
        ["Total", 7, 5, 71.4, 4],
    ]
    assert reasons[1:] == [["Resolution too slow", 2, 28.6], ["Service attitude", 1, 14.3]]
    assert AuditEntry.objects.filter(action="survey.report_exported").count() == 1


def test_the_csv_export_has_a_bom_for_excel(supervisor, month_of_answers):
    response = client_for(supervisor).get("/surveys/export.csv?month=2026-03&by=channel")

    assert response.content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[:5] == [
        ["Channel", "Responses", "Satisfied", "Satisfaction rate (%)", "Average overall score"],
        ["WeChat", "4", "3", "75.0", "4.0"],
        ["Phone", "2", "1", "50.0", "4.0"],
        ["Website", "1", "1", "100.0", "4.0"],
        ["Total", "7", "5", "71.4", "4.0"],
    ]


def test_the_api_answers_the_report(supervisor, month_of_answers):
    response = client_for(supervisor).get("/api/v1/surveys/report?month=2026-03&by=team")

    body = response.json()
    assert response.status_code == 200
    assert [(r["label"], r["rate"]) for r in body["rows"]] == [
        ("售后一组", 80.0),
        ("售后二组", 50.0),
    ]
    assert body["total"]["rate"] == 71.4
    assert body["reasons"][0] == {
        "code": "slow",
        "label": "Resolution too slow",
        "count": 2,
        "share": 28.6,
    }


def test_the_api_refuses_a_bad_month(supervisor):
    response = client_for(supervisor).get("/api/v1/surveys/report?month=March")

    assert response.status_code == 422
    assert response.json()["fields"] == {"month": "Write the month as YYYY-MM."}
