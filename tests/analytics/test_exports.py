"""Export and charts (Y-05): every analysis downloads as XLSX (headers, number formats) and CSV
(formulas neutralised) holding the page's numbers and no personal data; charts are ECharts
options drawn by a static script (no inline script, so a strict CSP holds); the complaint,
survey and callback reports go through the same mechanism."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from kefu.analytics.views import REPORTS
from kefu.complaints.statistics import export_statistics
from kefu.core.models import AuditEntry
from kefu.core.reports import Chart, Column, Report, Table, to_csv, to_xlsx
from tests.analytics.conftest import MARCH, at
from tests.complaints.factories import ComplaintFactory, DepartmentFactory
from tests.conftest import client_for

pytestmark = [pytest.mark.req("Y-05"), pytest.mark.django_db]

PERIOD = "start=2026-03-01&end=2026-03-31"


def book_of(response):
    return load_workbook(io.BytesIO(response.content))


def csv_of(response):
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", ["service", "customers", "products"])
def test_every_analysis_downloads_as_excel_and_csv(march, manager, name):
    client = client_for(manager)
    xlsx = client.get(f"/analytics/{name}/export.xlsx?{PERIOD}")
    text = client.get(f"/analytics/{name}/export.csv?{PERIOD}")

    assert xlsx.status_code == text.status_code == 200
    assert xlsx["Content-Disposition"] == f'attachment; filename="{name}-20260301-20260331.xlsx"'
    assert text["Content-Type"] == "text/csv; charset=utf-8"
    builder = REPORTS[name][0]
    assert book_of(xlsx).sheetnames == [
        t.title for t in builder(actor=manager, period=MARCH).tables
    ]
    assert AuditEntry.objects.filter(action="analytics.exported").count() == 2


def test_an_unknown_format_or_report_is_not_found(manager):
    client = client_for(manager)

    assert client.get(f"/analytics/service/export.pdf?{PERIOD}").status_code == 404
    assert client.get(f"/analytics/secrets/export.xlsx?{PERIOD}").status_code == 404
    assert not AuditEntry.objects.filter(action="analytics.exported").exists()


def test_the_workbook_holds_the_numbers_of_the_page(march, manager):
    client = client_for(manager)
    page = client.get(f"/analytics/?{PERIOD}")
    sheet = book_of(client.get(f"/analytics/service/export.xlsx?{PERIOD}"))["By channel"]

    shown = next(t for t in page.context["tables"] if t["table"].key == "channel")["rows"]
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [
        [line[0].text, *[None if c.text == "–" else float(c.text) for c in line[1:]]]
        for line in shown
    ]
    assert values[0] == ["Website", 3, 10, 20, 2, 4, 1, 0, 0]


def test_headers_are_bold_and_numbers_carry_their_formats(march, manager):
    sheet = book_of(client_for(manager).get(f"/analytics/service/export.xlsx?{PERIOD}"))["By team"]

    assert [c.value for c in sheet[1]][:3] == ["By team", "Tickets", "First response median (min)"]
    assert all(c.font.bold for c in sheet[1])
    assert (sheet["B2"].number_format, sheet["C2"].number_format, sheet["I2"].number_format) == (
        "0",
        "0.0",
        '0.0"%"',
    )


def test_a_csv_cell_that_would_run_as_a_formula_gets_a_quote():
    table = Table(
        "Lines",
        [Column("text", "Text"), Column("n", "Number", "int")],
        [{"text": t, "n": -3} for t in ('=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "平常")],
    )
    report = Report("lines", [table])

    lines = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).active
    assert lines == [
        ["Text", "Number"],
        ['\'=HYPERLINK("http://x")', "-3"],
        ["'+1", "-3"],
        ["'-1", "-3"],
        ["'@SUM(A1)", "-3"],
        ["平常", "-3"],
    ]
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("s", '=HYPERLINK("http://x")')


def test_a_chart_is_an_echarts_option_of_the_table_rows():
    table = Table(
        "Rows",
        [Column("label", "Label"), Column("a", "A", "int"), Column("b", "B", "int")],
        [{"label": "x", "a": 1, "b": 2}, {"label": "y", "a": 3, "b": 4}],
        Chart("bar", "label", ("a", "b"), stack=True),
    )

    option = table.chart_options()

    assert option["xAxis"] == {"type": "category", "data": ["x", "y"]}
    assert option["series"] == [
        {"name": "A", "type": "bar", "data": [1, 3], "stack": "total"},
        {"name": "B", "type": "bar", "data": [2, 4], "stack": "total"},
    ]


def test_the_pages_draw_charts_without_inline_script(march, manager):
    html = client_for(manager).get(f"/analytics/?{PERIOD}").content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)

    assert scripts and all("src=" in s or 'type="application/json"' in s for s in scripts)
    assert '<script id="analytics-charts" type="application/json">' in html
    assert html.count('data-chart="') == 2  # the chosen grouping and the backlog


def test_no_personal_data_in_an_aggregate_export(march, manager):
    customers = {t.customer for t in march.values()}
    client = client_for(manager)
    files = [
        client.get(f"/analytics/{name}/export.{fmt}?{PERIOD}").content
        for name in ("service", "customers", "products")
        for fmt in ("csv", "xlsx")
    ]
    texts = [f.decode("utf-8-sig") for f in files[0::2]]
    sheets = [
        " ".join(
            str(v)
            for ws in load_workbook(io.BytesIO(f))
            for row in ws.iter_rows(values_only=True)
            for v in row
        )
        for f in files[1::2]
    ]

    for text in texts + sheets:
        for customer in customers:
            assert customer.name not in text
            assert customer.phone not in text
            assert customer.email not in text


def test_the_complaint_statistics_export_goes_through_the_same_mechanism(supervisor, team):
    department = DepartmentFactory(name="=cmd|' /C calc'!A0")
    ComplaintFactory(team=team, responsible_department=department, received_at=at(2026, 3, 5, 10))

    name, content_type, body = export_statistics(
        actor=supervisor, start=date(2026, 3, 1), end=date(2026, 3, 31), fmt="csv"
    )

    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert ["Department", "'=cmd|' /C calc'!A0", "1", "0", "0"] in lines
    assert (name, content_type) == ("complaints-20260301-20260331.csv", "text/csv; charset=utf-8")
