"""One improvement-action record for complaints (K-09) and surveys (Q-04): each app adds its
own, sees only its own, and the rows of the two old tables were moved by data migrations."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kefu.complaints import services as complaint_services
from kefu.core.errors import NotFound
from kefu.core.models import AuditEntry
from kefu.quality.models import ImprovementAction
from kefu.surveys.services import complete_improvement_action, create_improvement_action
from tests.complaints.factories import ComplaintFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def both(supervisor, agent, team):
    """A complaint's action and a survey's action, added by the supervisor for the agent."""
    complaint = ComplaintFactory(customer=CustomerFactory(team=team), team=team, nature="delivery")
    with time_machine.travel(NOW, tick=False):
        from_complaint = complaint_services.create_improvement_action(
            actor=supervisor,
            draft=complaint_services.NewImprovement(
                title="与快递公司重签时效条款",
                owner_id=agent.pk,
                due_on=date(2026, 4, 30),
                complaint_number=complaint.number,
            ),
        )
        from_survey = create_improvement_action(
            actor=supervisor,
            data={
                "title": "进度短信模板优化",
                "reason": "communication",
                "owner_id": agent.pk,
                "due_on": date(2026, 3, 31),
            },
        )
    return complaint, from_complaint, from_survey


@pytest.mark.req("K-09", "Q-04")
def test_complaints_and_surveys_write_one_kind_of_record(both):
    complaint, from_complaint, from_survey = both

    rows = list(ImprovementAction.objects.order_by("pk").values_list("origin", "category"))
    assert rows == [("complaints", "delivery"), ("surveys", "communication")]
    assert (from_complaint.source_type, from_complaint.source_id) == (
        "complaints.complaint",
        str(complaint.pk),
    )
    assert (from_survey.source_type, from_survey.source_id) == ("", "")
    assert from_complaint.category_label == "物流配送"
    assert from_survey.category_label == "未及时告知进度"
    assert AuditEntry.objects.filter(action="improvement.created").count() == 2


@pytest.mark.req("K-09", "Q-04")
def test_each_page_lists_only_its_own_actions(supervisor, both):
    _complaint, from_complaint, from_survey = both
    client = client_for(supervisor)

    statistics = client.get("/complaints/statistics/").content.decode()
    report = client.get("/surveys/?month=2026-03").content.decode()

    assert from_complaint.title in statistics and from_survey.title not in statistics
    assert from_survey.title in report and from_complaint.title not in report


@pytest.mark.req("K-09", "Q-04")
def test_an_action_is_completed_only_through_its_own_app(agent, both):
    _complaint, from_complaint, from_survey = both

    with pytest.raises(NotFound):
        complaint_services.complete_improvement_action(
            actor=agent, action_id=from_survey.pk, note="做完"
        )
    complete_improvement_action(actor=agent, action=from_survey, note="已上线")

    from_survey.refresh_from_db()
    assert from_survey.done_note == "已上线"
    assert ImprovementAction.objects.get(pk=from_complaint.pk).done_at is None


@pytest.mark.req("K-09", "Q-04")
@pytest.mark.django_db(transaction=True)
def test_the_rows_of_the_two_old_tables_are_moved(supervisor, agent):
    executor = MigrationExecutor(connection)
    before = [
        ("complaints", "0002_policies_templates_rules"),
        ("surveys", "0002_policies_settings_templates"),
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    department = old.get_model("core", "Department").objects.create(name="仓储部")
    old.get_model("complaints", "ImprovementAction").objects.create(
        title="出库前逐台开机检测",
        nature="product_quality",
        department_id=department.pk,
        owner_id=agent.pk,
        due_on=date(2026, 4, 30),
        done_note="",
    )
    old.get_model("surveys", "ImprovementAction").objects.create(
        title="维修响应缩短至12小时",
        reason="slow",
        month=date(2026, 3, 1),
        owner_id=agent.pk,
        due_on=date(2026, 3, 31),
        done_note="已调整排班",
        done_at=NOW,
        created_by_id=supervisor.pk,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = ImprovementAction.objects.order_by("origin").values(
        "origin", "title", "category", "department__name", "month", "owner", "done_at"
    )
    assert list(moved) == [
        {
            "origin": "complaints",
            "title": "出库前逐台开机检测",
            "category": "product_quality",
            "department__name": "仓储部",
            "month": None,
            "owner": agent.pk,
            "done_at": None,
        },
        {
            "origin": "surveys",
            "title": "维修响应缩短至12小时",
            "category": "slow",
            "department__name": None,
            "month": date(2026, 3, 1),
            "owner": agent.pk,
            "done_at": NOW,
        },
    ]
