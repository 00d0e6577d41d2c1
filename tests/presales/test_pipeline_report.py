"""The pipeline report (S-07, S-08): conversion per stage and per agent per month, objection
counts per kind, and the export to Excel and CSV with formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from kefu.core.errors import Forbidden
from kefu.presales import reports, services
from kefu.presales.models import Lead, Stage
from tests.presales.conftest import at, lead_at

pytestmark = pytest.mark.django_db

MARCH = reports.Period(date(2026, 3, 1), date(2026, 3, 31))
SPRING = reports.Period(date(2026, 2, 1), date(2026, 3, 31))


@pytest.fixture
def pipeline(agent, teammate, catalog):
    """March: the agent's leads new, recommended, won, lost; the teammate's negotiating.
    Walking to negotiating records a price objection; the teammate adds a trust one.
    February: one lead of the agent, won."""
    with time_machine.travel(at(2026, 2, 10, 10, 0), tick=False):
        lead_at(agent, Stage.WON, catalog)
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        for stage in (Stage.NEW, Stage.RECOMMENDED, Stage.WON, Stage.LOST):
            lead_at(agent, stage, catalog)
        lead = lead_at(teammate, Stage.NEGOTIATING, catalog)
        services.record_objection(
            actor=teammate, lead=lead, version=None, kind="trust", words="售后靠谱吗？"
        )
    return catalog


@pytest.mark.req("S-08")
def test_conversion_per_stage_counts_how_far_each_lead_got(supervisor, pipeline):
    rates = reports.stage_conversion(supervisor, MARCH)

    assert [(r.stage, r.reached, r.next_reached, r.rate) for r in rates] == [
        ("new", 5, 3, 60.0),
        ("contacted", 3, 3, 100.0),
        ("needs_analysed", 3, 3, 100.0),
        ("recommended", 3, 2, 66.7),
        ("negotiating", 2, 1, 50.0),
    ]


@pytest.mark.req("S-08")
def test_conversion_per_agent_per_month(supervisor, agent, teammate, pipeline):
    teammate.first_name = "小B"
    teammate.save()

    rows = reports.agent_months(supervisor, SPRING)

    assert [(r.month, r.agent, r.leads, r.won, r.lost, r.rate) for r in rows] == [
        (date(2026, 2, 1), "agent", 1, 1, 0, 100.0),
        (date(2026, 3, 1), "agent", 4, 1, 1, 25.0),
        (date(2026, 3, 1), "小B", 1, 0, 0, 0.0),
    ]


@pytest.mark.req("S-07")
def test_objections_are_counted_per_kind(supervisor, pipeline):
    assert reports.objection_counts(supervisor, MARCH) == {"price": 2, "function": 0, "trust": 1}


@pytest.mark.req("S-08")
def test_an_agent_does_not_see_the_report(agent, pipeline):
    with pytest.raises(Forbidden):
        reports.stage_conversion(agent, MARCH)


def test_a_cell_that_would_be_a_formula_gets_a_quote():
    assert [reports.safe_cell(v) for v in ["=1+1", "+86", "-x", "@SUM(A1)", "王芳", 3]] == [
        "'=1+1",
        "'+86",
        "'-x",
        "'@SUM(A1)",
        "王芳",
        3,
    ]


@pytest.mark.req("S-08")
def test_the_lead_list_exports_to_excel_and_csv_without_formulas(agent, supervisor, catalog):
    lead = lead_at(agent, Stage.CONTACTED)
    services.lose_lead(actor=agent, lead=lead, version=None, reason='=HYPERLINK("x")')
    leads = Lead.objects.all()

    book = load_workbook(io.BytesIO(reports.leads_xlsx(reports.export_rows(leads))))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    text = reports.leads_csv(reports.export_rows(leads))
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))

    assert rows[0][:4] == ("Lead", "Customer", "Channel", "Stage")
    assert rows[1][:4] == (lead.pk, "王芳", "Website", "Lost")
    assert rows[1][8] == '\'=HYPERLINK("x")'
    assert sheet.cell(row=2, column=9).data_type == "s"
    assert lines[1][8] == '\'=HYPERLINK("x")'
    assert len(lines) == 2
