"""The complaint classification table (顧客投訴分類統計表, K-09) by type, department, product
and month, with improvement actions tracked to done; page, Excel and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from kefu.complaints import services
from kefu.complaints.statistics import classification_table
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import AuditEntry
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.complaints.conftest import at, client_for
from tests.complaints.factories import ComplaintFactory, DepartmentFactory, ImprovementFactory

pytestmark = pytest.mark.req("K-09")

TODAY = at(2026, 4, 20, 10, 0)


@pytest.fixture
def complaints(customer, team):
    """Five complaints of March and April 2026 and one of 2025 outside the period."""
    warehouse, logistics = DepartmentFactory(name="仓储部"), DepartmentFactory(name="物流部")
    phone = ProductFactory(name="智能手机 X1")
    earbuds = ProductFactory(name="无线蓝牙耳机")
    order = OrderFactory(customer=customer, items=[phone])
    item = order.items.get()
    other = OrderFactory(customer=customer, items=[earbuds])
    rows = [
        ("product_quality", warehouse, item, at(2026, 3, 1, 0, 30), True, "closed"),
        ("product_quality", warehouse, item, at(2026, 3, 31, 23, 30), True, "investigating"),
        ("delivery", logistics, other.items.get(), at(2026, 4, 2, 9, 0), True, "closed"),
        ("service_attitude", None, None, at(2026, 4, 3, 9, 0), False, "closed"),
        ("", None, None, at(2026, 4, 4, 9, 0), None, "registered"),
        ("product_quality", warehouse, item, at(2025, 12, 31, 23, 59), True, "closed"),
    ]
    for nature, department, order_item, received, valid, status in rows:
        ComplaintFactory(
            customer=customer,
            team=team,
            nature=nature,
            valid=valid,
            responsible_department=department,
            order_item=order_item,
            order=order_item.order if order_item else None,
            received_at=received,
            status=status,
        )


def rows(dimension):
    return [(r.label, r.count, r.valid, r.closed) for r in dimension]


def test_the_table_counts_by_type_department_product_and_month(supervisor, complaints):
    table = classification_table(actor=supervisor, start=date(2026, 3, 1), end=date(2026, 4, 30))
    assert table.total == 5
    assert rows(table.by_type) == [
        ("Product quality", 2, 2, 1),
        ("Service attitude", 1, 0, 1),
        ("Delivery and logistics", 1, 1, 1),
        ("Not classified", 1, 0, 0),
    ]
    assert rows(table.by_department) == [
        ("仓储部", 2, 2, 1),
        ("No department", 2, 0, 1),
        ("物流部", 1, 1, 1),
    ]
    assert rows(table.by_product) == [
        ("智能手机 X1", 2, 2, 1),
        ("No product", 2, 0, 1),
        ("无线蓝牙耳机", 1, 1, 1),
    ]
    # Months are Shanghai months: 23:30 on 31 March is still March there.
    assert rows(table.by_month) == [("2026-03", 2, 2, 1), ("2026-04", 3, 1, 2)]
    assert table.month_by_type == {
        "2026-03": {"product_quality": 2},
        "2026-04": {"delivery": 1, "service_attitude": 1, "": 1},
    }


def test_months_without_complaints_are_shown_as_zero(supervisor, complaints):
    table = classification_table(actor=supervisor, start=date(2026, 2, 1), end=date(2026, 3, 31))
    assert rows(table.by_month) == [("2026-02", 0, 0, 0), ("2026-03", 2, 2, 1)]


def test_agents_may_not_see_the_statistics(agent):
    with pytest.raises(Forbidden):
        classification_table(actor=agent, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert client_for(agent).get("/complaints/statistics/").status_code == 403
    assert (
        client_for(agent)
        .get("/api/v1/complaint-statistics?start=2026-01-01&end=2026-01-31")
        .status_code
        == 403
    )


def test_a_backwards_period_is_refused(supervisor):
    with pytest.raises(InvalidInput) as refused:
        classification_table(actor=supervisor, start=date(2026, 2, 1), end=date(2026, 1, 1))
    assert refused.value.code == "invalid_period"


def test_the_page_shows_the_table_and_the_chart(supervisor, complaints):
    page = client_for(supervisor).get("/complaints/statistics/?start=2026-03-01&end=2026-04-30")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<div class="fs-3" data-testid="total">5</div>' in html
    assert "vendor/echarts/echarts.min.js" in html
    assert '"months": ["2026-03", "2026-04"]' in html


def test_the_excel_export_is_a_real_workbook(supervisor, complaints):
    response = client_for(supervisor).get(
        "/complaints/statistics/export/?start=2026-03-01&end=2026-04-30&format=xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="complaints-20260301-20260430.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Classification table"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == ["Dimension", "Item", "Complaints", "Valid", "Closed"]
    assert ["Type", "Product quality", 2, 2, 1] in values
    assert ["Department", "仓储部", 2, 2, 1] in values
    assert ["Product", "智能手机 X1", 2, 2, 1] in values
    assert ["Month", "2026-04", 3, 1, 2] in values
    assert values[-1] == ["Total", None, 5, None, None]
    assert book.sheetnames == ["Classification table", "Improvement actions"]
    assert AuditEntry.objects.filter(action="complaint.statistics_exported").count() == 1


def test_the_csv_export_has_a_bom_for_excel(supervisor, complaints):
    response = client_for(supervisor).get(
        "/api/v1/complaint-statistics/export?start=2026-03-01&end=2026-04-30&format=csv"
    )
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == ["Dimension", "Item", "Complaints", "Valid", "Closed"]
    assert ["Department", "仓储部", "2", "2", "1"] in table


def test_the_api_answers_the_table(supervisor, complaints):
    body = (
        client_for(supervisor)
        .get("/api/v1/complaint-statistics?start=2026-03-01&end=2026-04-30")
        .json()
    )
    assert body["total"] == 5
    assert body["by_month"] == [
        {"key": "2026-03", "label": "2026-03", "count": 2, "valid": 2, "closed": 1},
        {"key": "2026-04", "label": "2026-04", "count": 3, "valid": 1, "closed": 2},
    ]


@time_machine.travel(TODAY, tick=False)
def test_improvement_actions_are_tracked_to_done(supervisor, agent, team, customer):
    complaint = ComplaintFactory(customer=customer, team=team, nature="product_quality")
    action = services.create_improvement_action(
        actor=supervisor,
        draft=services.NewImprovement(
            title="出库前逐台开机检测",
            owner_id=agent.pk,
            due_on=date(2026, 4, 30),
            complaint_number=complaint.number,
        ),
    )
    assert (action.origin, action.category, action.done_at) == (
        "complaints",
        "product_quality",
        None,
    )
    assert (action.source_type, action.source_id) == ("complaints.complaint", str(complaint.pk))
    assert action.source_label == complaint.number
    ImprovementFactory(owner=agent, due_on=date(2026, 4, 1), created_by=supervisor)
    table = classification_table(actor=supervisor, start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert table.improvements == {"open": 2, "overdue": 1, "done": 0}
    done = services.complete_improvement_action(
        actor=agent, action_id=action.pk, note="已上线检测流程"
    )
    assert (done.done_at, done.done_note) == (TODAY, "已上线检测流程")
    with pytest.raises(Conflict):
        services.complete_improvement_action(actor=agent, action_id=action.pk, note="再来")
    table = classification_table(actor=supervisor, start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert table.improvements == {"open": 1, "overdue": 1, "done": 1}


@time_machine.travel(TODAY, tick=False)
def test_only_the_owner_or_a_supervisor_completes_an_action(supervisor, agent, teammate):
    action = ImprovementFactory(owner=agent, due_on=date(2026, 5, 1))
    with pytest.raises(Forbidden):
        services.complete_improvement_action(actor=teammate, action_id=action.pk, note="做完")
    with pytest.raises(Forbidden):
        services.create_improvement_action(
            actor=agent,
            draft=services.NewImprovement(title="x", owner_id=agent.pk, due_on=date(2026, 5, 1)),
        )
    action.refresh_from_db()
    assert action.done_at is None


@time_machine.travel(TODAY, tick=False)
def test_an_action_due_in_the_past_is_refused(supervisor, agent):
    with pytest.raises(InvalidInput) as refused:
        services.create_improvement_action(
            actor=supervisor,
            draft=services.NewImprovement(
                title="补培训", owner_id=agent.pk, due_on=date(2026, 4, 19)
            ),
        )
    assert refused.value.fields == {"due_on": "The due date cannot be in the past."}


@time_machine.travel(TODAY, tick=False)
def test_the_page_adds_and_completes_improvement_actions(supervisor, agent):
    client = client_for(supervisor)
    added = client.post(
        "/complaints/improvements/new/",
        {"title": "客服话术培训", "owner_id": agent.pk, "due_on": "2026-05-10", "nature": ""},
    )
    assert added.status_code == 302
    action = agent.improvement_actions.get()
    done = client_for(agent).post(
        f"/complaints/improvements/{action.pk}/done/", {"note": "已培训全员"}
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.done_note == "已培训全员"
    assert action.due_on == TODAY.date() + timedelta(days=20)
