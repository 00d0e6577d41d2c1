"""The summary report (回访总结报告): coverage, outcomes, problems, suggestions; exported to
Excel; archived and immutable from then on (V-05)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from kefu.callbacks.models import CallbackRecord, CallbackTask
from kefu.callbacks.reports import campaign_summary
from kefu.callbacks.services import (
    CallData,
    add_customers,
    archive_campaign,
    finish_campaign,
    record_call,
    schedule_call,
    write_summary,
)
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import AuditEntry
from tests.callbacks.conftest import at, served_customer
from tests.callbacks.factories import CampaignFactory, TaskFactory
from tests.conftest import client_for

pytestmark = pytest.mark.req("V-05")

DAY = at(2026, 3, 10, 10, 0)


@pytest.fixture
def campaign(team, agent, teammate):
    """Four calls: satisfied, unsatisfied (with a follow-up), neutral, and one never reached."""
    campaign = CampaignFactory(team=team)
    outcomes = [
        (agent, CallData(reached=True, outcome="satisfied", suggestions="希望多些会员活动")),
        (
            agent,
            CallData(
                reached=True,
                outcome="unsatisfied",
                to_improve="维修等待太久",
                follow_up_needed=True,
                follow_up_note="主管致电道歉",
            ),
        ),
        (teammate, CallData(reached=True, outcome="neutral", to_improve="送货员态度一般")),
        (teammate, CallData(reached=False, notes="无人接听")),
    ]
    for n, (who, data) in enumerate(outcomes):
        customer = served_customer(f"客户{n}", "gold", at(2026, 3, 3 + n, 10), team)
        task = TaskFactory(
            campaign=campaign,
            customer=customer,
            agent=who,
            team=team,
            service_at=at(2026, 3, 3 + n, 10),
        )
        with time_machine.travel(DAY + timedelta(minutes=n), tick=False):
            record_call(actor=who, task=task, data=data)
    return campaign


def test_the_summary_counts_coverage_outcomes_problems_and_suggestions(campaign):
    summary = campaign_summary(campaign)

    assert (summary.tasks, summary.called_back, summary.not_reached, summary.attempts) == (
        4,
        3,
        1,
        4,
    )
    assert summary.outcomes == {"satisfied": 1, "unsatisfied": 1, "neutral": 1}
    assert summary.satisfaction_rate == 33.3
    assert (
        summary.coverage_population,
        summary.coverage_called_back,
        summary.coverage_rate,
        summary.gap_count,
    ) == (4, 3, 75.0, 1)
    assert summary.problems == ["维修等待太久", "送货员态度一般"]
    assert summary.customer_suggestions == ["希望多些会员活动"]
    assert summary.follow_ups == ["主管致电道歉"]
    assert [
        (a.agent, a.tasks, a.called_back, a.satisfied, a.unsatisfied) for a in summary.agents
    ] == [("agent", 2, 2, 1, 1), ("teammate", 2, 1, 0, 0)]


def test_the_report_page_and_the_excel_export(campaign, supervisor):
    write_summary(
        actor=supervisor, campaign=campaign, problems_found="维修周期长", suggestions="增加备件库存"
    )
    client = client_for(supervisor)

    html = client.get(f"/callbacks/{campaign.pk}/report/").content.decode()
    export = client.get(f"/callbacks/{campaign.pk}/report.xlsx")

    assert 'data-testid="coverage">75.0%<' in html
    assert 'data-testid="called-back">3 / 4<' in html
    assert "维修等待太久" in html
    book = load_workbook(io.BytesIO(export.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Calls"] == 4
    assert summary["Member coverage (%)"] == 75
    assert summary["Problems found"] == "维修周期长"
    assert [list(r) for r in book["Outcomes"].iter_rows(values_only=True)] == [
        ["Outcome", "Customers"],
        ["Satisfied", 1],
        ["Neutral", 1],
        ["Unsatisfied", 1],
    ]
    assert [r[0] for r in book["Problems"].iter_rows(values_only=True)][1:] == [
        "维修等待太久",
        "送货员态度一般",
    ]
    assert AuditEntry.objects.filter(action="callback.report_exported").count() == 1


def test_an_agent_cannot_export_the_report(campaign, agent):
    assert client_for(agent).get(f"/callbacks/{campaign.pk}/report.xlsx").status_code == 403


def archived(campaign, supervisor):
    with time_machine.travel(DAY + timedelta(hours=2), tick=False):
        finish_campaign(actor=supervisor, campaign=campaign)
        write_summary(
            actor=supervisor,
            campaign=campaign,
            problems_found="维修周期长",
            suggestions="增加备件库存",
        )
        return archive_campaign(actor=supervisor, campaign=campaign)


def test_archiving_freezes_the_report(campaign, supervisor):
    row = archived(campaign, supervisor)
    before = campaign_summary(row)
    CallbackRecord.objects.all().delete()  # even rows gone behind the services' back

    after = campaign_summary(row)

    assert (row.state, row.archived_at) == ("archived", DAY + timedelta(hours=2))
    assert after.archived is True
    assert (after.called_back, after.coverage_rate, after.problems) == (
        before.called_back,
        before.coverage_rate,
        before.problems,
    )
    assert after.problems_found == "维修周期长"


def test_finishing_cancels_the_calls_never_made(campaign, supervisor):
    finish_campaign(actor=supervisor, campaign=campaign)

    assert CallbackTask.objects.filter(status="cancelled").count() == 1


def test_archiving_needs_the_problems_found(campaign, supervisor):
    finish_campaign(actor=supervisor, campaign=campaign)

    with pytest.raises(InvalidInput) as refused:
        archive_campaign(actor=supervisor, campaign=campaign)

    assert list(refused.value.fields) == ["problems_found"]
    campaign.refresh_from_db()
    assert campaign.state == "finished"


def test_an_agent_cannot_archive(campaign, agent, supervisor):
    finish_campaign(actor=supervisor, campaign=campaign)

    with pytest.raises(Forbidden):
        archive_campaign(actor=agent, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == "finished"


CHANGES = {
    "summary": lambda s, a, c, t: write_summary(
        actor=s, campaign=c, problems_found="改了", suggestions=""
    ),
    "record": lambda s, a, c, t: record_call(
        actor=a, task=t, data=CallData(reached=True, outcome="satisfied")
    ),
    "schedule": lambda s, a, c, t: schedule_call(actor=a, task=t, at=DAY + timedelta(days=2)),
    "add": lambda s, a, c, t: add_customers(actor=s, campaign=c, customer_ids=[t.customer_id]),
    "finish": lambda s, a, c, t: finish_campaign(actor=s, campaign=c),
    "archive": lambda s, a, c, t: archive_campaign(actor=s, campaign=c),
}


@pytest.mark.parametrize("change", CHANGES)
def test_an_archived_campaign_refuses_every_change(campaign, supervisor, teammate, change):
    row = archived(campaign, supervisor)
    task = CallbackTask.objects.get(campaign=row, status="cancelled")
    snapshot = dict(row.summary)

    with time_machine.travel(DAY + timedelta(hours=3), tick=False), pytest.raises(Conflict):
        CHANGES[change](supervisor, teammate, row, task)

    row.refresh_from_db()
    assert (row.state, row.summary, row.problems_found) == ("archived", snapshot, "维修周期长")
    assert CallbackRecord.objects.count() == 4


def test_the_api_refuses_changes_to_an_archived_campaign(campaign, supervisor):
    row = archived(campaign, supervisor)

    response = client_for(supervisor).put(
        f"/api/v1/callbacks/campaigns/{row.pk}/summary",
        {"problems_found": "x"},
        content_type="application/json",
    )
    report = client_for(supervisor).get(f"/api/v1/callbacks/campaigns/{row.pk}/report")

    assert response.status_code == 409
    assert response.json()["error"] == "illegal_transition"
    assert report.json()["archived"] is True
    assert report.json()["coverage_rate"] == 75.0
