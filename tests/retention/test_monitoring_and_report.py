"""Live monitoring and the summary report of an outbound campaign (R-04): done / reached /
interested / refused per agent, goal achieved, list usage, refusal analysis, a real XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kefu.core.models import AuditEntry
from kefu.retention.reports import campaign_summary, safe_cell
from kefu.retention.services import CallData, finish_campaign, record_lead_call, write_lessons
from tests.conftest import client_for
from tests.retention.factories import LeadFactory, OutboundFactory

pytestmark = [pytest.mark.req("R-04"), pytest.mark.django_db]


@pytest.fixture
def worked(agent, teammate):
    """Goal 2; agent: interested, refused (price), not reached; teammate: refused (no need),
    one lead untouched."""
    campaign = OutboundFactory(name='=HYPERLINK("http://evil")', goal=2)
    a = [LeadFactory(campaign=campaign, agent=agent) for _ in range(3)]
    t = [LeadFactory(campaign=campaign, agent=teammate) for _ in range(2)]
    record_lead_call(actor=agent, lead=a[0], data=CallData(outcome="interested"))
    record_lead_call(
        actor=agent, lead=a[1], data=CallData(outcome="refused", refusal_reason="price")
    )
    record_lead_call(actor=agent, lead=a[2], data=CallData(outcome="not_reached"))
    record_lead_call(
        actor=teammate, lead=t[0], data=CallData(outcome="refused", refusal_reason="no_need")
    )
    return campaign


def test_the_summary_counts_goal_list_use_agents_and_refusals(worked):
    s = campaign_summary(worked)
    assert (s.goal, s.interested, s.goal_rate, s.achieved) == (2, 1, 50.0, False)
    assert (s.leads, s.called, s.list_usage, s.reached, s.reach_rate) == (5, 4, 80.0, 3, 75.0)
    assert (s.refused, s.calls) == (2, 4)
    assert [
        (a.agent, a.leads, a.done, a.reached, a.interested, a.refused, a.conversion)
        for a in s.agents
    ] == [
        ("agent", 3, 3, 2, 1, 1, 50.0),
        ("teammate", 2, 1, 1, 0, 1, 0.0),
    ]
    assert s.refusals == [("Price", 1), ("No need", 1)]


def test_the_monitoring_page_polls_its_board_with_htmx(worked, supervisor):
    client = client_for(supervisor)
    page = client.get(f"/retention/campaigns/{worked.pk}/monitor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'hx-get="/retention/campaigns/{worked.pk}/monitor/"' in html
    assert 'hx-trigger="every 5s"' in html

    board = client.get(f"/retention/campaigns/{worked.pk}/monitor/", HTTP_HX_REQUEST="true")
    text = board.content.decode()
    assert "<html" not in text
    assert "<td>agent</td><td>3</td><td>3</td><td>2</td><td>1</td><td>1</td>" in text
    assert "<td>teammate</td><td>2</td><td>1</td><td>1</td><td>0</td><td>1</td>" in text


def test_an_agent_may_not_watch_the_monitoring_page(worked, agent):
    assert client_for(agent).get(f"/retention/campaigns/{worked.pk}/monitor/").status_code == 403


def test_the_excel_report_opens_with_its_numbers_and_no_formula(worked, supervisor):
    finish_campaign(actor=supervisor, campaign=worked)
    write_lessons(actor=supervisor, campaign=worked, lessons="@SUM(A1) 价格是主要阻力")
    response = client_for(supervisor).get(f"/retention/campaigns/{worked.pk}/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Agents", "Refusals"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Campaign"] == '\'=HYPERLINK("http://evil")'
    assert summary["Goal (interested customers)"] == 2
    assert summary["Goal achieved (%)"] == 50.0
    assert summary["List used (%)"] == 80.0
    assert summary["Lessons learned"] == "'@SUM(A1) 价格是主要阻力"
    assert [r for r in book["Agents"].iter_rows(values_only=True)][1:] == [
        ("agent", 3, 3, 2, 1, 1, 50.0),
        ("teammate", 2, 1, 1, 0, 1, 0.0),
    ]
    assert list(book["Refusals"].iter_rows(values_only=True)) == [
        ("Reason", "Customers"),
        ("Price", 1),
        ("No need", 1),
    ]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    assert AuditEntry.objects.filter(action="outbound.report_exported").count() == 1


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("王伟", "王伟"),
        (5, 5),
        (-5, -5),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_written_as_text(value, written):
    assert safe_cell(value) == written


def test_the_report_page_shows_the_goal_and_refusals_in_chinese(worked, supervisor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    html = client_for(supervisor).get(f"/retention/campaigns/{worked.pk}/report/").content.decode()
    assert '<div class="fs-3 fw-semibold" data-testid="goal">50.0%</div>' in html
    assert "拒绝原因分析" in html
