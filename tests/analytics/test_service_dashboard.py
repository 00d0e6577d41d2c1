"""The service dashboard (Y-01): times by channel, team, agent and category as nearest-rank
percentiles, compliance per policy, backlog by age, escalations, complaint and satisfaction
rates, the previous period beside it, and the tickets behind every figure."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kefu.analytics.service import backlog_table, dimension_table, headline, service_report
from kefu.core.errors import Forbidden, InvalidInput
from kefu.sla.models import Deadline, Policy
from tests.analytics.conftest import MARCH, at
from tests.complaints.factories import ComplaintFactory
from tests.conftest import client_for
from tests.surveys.factories import ResponseFactory, SurveyFactory

pytestmark = [pytest.mark.req("Y-01"), pytest.mark.django_db]

COLUMNS = (
    "label",
    "tickets",
    "response_median",
    "response_p90",
    "resolution_median",
    "resolution_p90",
    "unresolved",
    "escalated",
    "escalation_rate",
)


def lines(table):
    return [tuple(row[c] for c in COLUMNS) for row in table.rows]


def test_times_by_channel_are_nearest_rank_percentiles(march):
    table = dimension_table(MARCH, "channel", None)

    assert lines(table) == [
        ("Website", 3, 10.0, 20.0, 2.0, 4.0, 1, 0, 0.0),
        ("Phone", 1, 40.0, 40.0, 6.0, 6.0, 0, 0, 0.0),
        ("WeChat", 1, 30.0, 30.0, None, None, 1, 1, 100.0),
    ]


def test_times_by_team_agent_and_category(march):
    assert lines(dimension_table(MARCH, "team", None)) == [
        ("售后一组", 3, 20.0, 30.0, 2.0, 4.0, 1, 1, 33.3),
        ("售后二组", 2, 40.0, 40.0, 6.0, 6.0, 1, 0, 0.0),
    ]
    assert [r[:4] for r in lines(dimension_table(MARCH, "agent", None))] == [
        ("agent", 2, 10.0, 20.0),
        ("Not assigned", 1, None, None),
        ("other_agent", 1, 40.0, 40.0),
        ("teammate", 1, 30.0, 30.0),
    ]
    assert [r[:2] for r in lines(dimension_table(MARCH, "category", None))] == [
        ("Product quality", 2),
        ("Customer usage", 1),
        ("Not categorized", 1),
        ("Service process", 1),
    ]


@pytest.fixture
def rates(march, team, other_team):
    """One complaint in March (and one in April), three survey answers in March."""
    ComplaintFactory(team=team, received_at=at(2026, 3, 5, 10))
    ComplaintFactory(team=other_team, received_at=at(2026, 4, 2, 10))
    for overall, who in ((5, team), (2, other_team), (4, team)):
        survey = SurveyFactory(team=who, status="answered")
        ResponseFactory(survey=survey, overall=overall, answered_at=at(2026, 3, 12, 10))


@pytest.fixture
def deadlines(team, other_team):
    """First-response deadlines due in March: met on time, met late, breached, open,
    cancelled; and one due in April."""
    policy = Policy.objects.get(key="ticket.online.first_response")

    def deadline(due, team, **fields):
        return Deadline.objects.create(
            kind=policy.key,
            policy=policy,
            subject_type="tickets.ticket",
            subject_id="1",
            team=team,
            started_at=due - timedelta(hours=1),
            due_at=due,
            warn_at=due - timedelta(minutes=15),
            **fields,
        )

    deadline(at(2026, 3, 2, 9, 30), team, met_at=at(2026, 3, 2, 9, 10))
    deadline(at(2026, 3, 10, 15), team, met_at=at(2026, 3, 10, 16))
    deadline(at(2026, 3, 15, 11), team, breached_at=at(2026, 3, 15, 11, 1))
    deadline(at(2026, 3, 20, 12), other_team)
    deadline(at(2026, 3, 21, 12), team, cancelled_at=at(2026, 3, 21, 9))
    deadline(at(2026, 4, 1, 12), team, met_at=at(2026, 4, 1, 11))
    return policy


def test_headline_figures_for_a_manager(rates, deadlines):
    figures = headline(MARCH, None)

    assert figures == {
        "tickets": 5,
        "response_median": 20.0,
        "response_p90": 40.0,
        "resolution_median": 4.0,
        "resolution_p90": 6.0,
        "unresolved": 2,
        "escalated": 1,
        "escalations": 1,
        "escalation_rate": 20.0,
        "compliance": 33.3,
        "breached": 2,
        "complaints": 1,
        "complaint_rate": 20.0,
        "responses": 3,
        "satisfaction_rate": 66.7,
    }


def test_the_previous_period_stands_beside_the_chosen_one(march, manager):
    report = service_report(actor=manager, period=MARCH)
    rows = {r["key"]: r for r in report.table("headline").rows}

    assert MARCH.previous().start.isoformat() == "2026-01-29"
    assert (rows["tickets"]["current"], rows["tickets"]["previous"], rows["tickets"]["change"]) == (
        5,
        1,
        4,
    )
    assert (rows["response_median"]["previous"], rows["response_median"]["change"]) == (60.0, -40.0)
    assert rows["resolution_median"]["previous"] == 8.0


def test_deadline_compliance_per_policy(deadlines, manager, supervisor):
    everyone = service_report(actor=manager, period=MARCH).table("compliance").rows
    mine = service_report(actor=supervisor, period=MARCH).table("compliance").rows

    keys = ("label", "due", "met", "breached", "pending", "compliance")
    assert [tuple(r[k] for k in keys) for r in everyone] == [(deadlines.name, 4, 1, 2, 1, 33.3)]
    assert [tuple(r[k] for k in keys) for r in mine] == [(deadlines.name, 3, 1, 2, 0, 33.3)]


def test_backlog_by_age_counts_unresolved_tickets_by_days_since_receipt(march, team):
    everyone = backlog_table(None).rows
    mine = backlog_table(team.pk).rows

    assert [(r["label"], r["tickets"]) for r in everyone] == [
        ("Today", 1),
        ("1–2 days", 1),
        ("3–6 days", 1),
        ("7–29 days", 1),
        ("30 days and older", 1),
    ]
    assert [r["tickets"] for r in mine] == [1, 1, 0, 1, 0]


def test_a_supervisor_sees_their_own_team_only(rates, supervisor):
    report = service_report(actor=supervisor, period=MARCH)
    rows = {r["key"]: r["current"] for r in report.table("headline").rows}

    assert [r["label"] for r in report.table("team").rows] == ["售后一组"]
    assert [r["label"] for r in report.table("agent").rows] == ["agent", "teammate"]
    assert (rows["tickets"], rows["response_median"], rows["response_p90"]) == (3, 20.0, 30.0)
    assert (rows["complaint_rate"], rows["satisfaction_rate"]) == (33.3, 100.0)


def test_an_agent_sees_no_analytics(march, agent):
    client = client_for(agent)

    with pytest.raises(Forbidden):
        service_report(actor=agent, period=MARCH)
    assert client.get("/analytics/").status_code == 403
    assert client.get("/analytics/service/export.xlsx").status_code == 403
    assert client.get("/analytics/tickets/").status_code == 403
    assert client.get("/api/v1/analytics/service").status_code == 403


def test_the_page_links_every_count_to_the_tickets_behind_it(march, manager):
    html = client_for(manager).get("/analytics/?start=2026-03-01&end=2026-03-31").content.decode()

    assert (
        'href="/analytics/tickets/?start=2026-03-01&amp;end=2026-03-31&amp;channel=web">3<' in html
    )
    assert 'data-chart="channel"' in html
    assert "analytics/charts.js" in html
    assert "vendor/echarts/echarts.min.js" in html


def test_the_drill_down_lists_exactly_the_tickets_counted(march, manager):
    client = client_for(manager)
    web = client.get("/analytics/tickets/?start=2026-03-01&end=2026-03-31&channel=web")
    open_b = client.get(
        f"/analytics/tickets/?start=2026-03-01&end=2026-03-31&team={march['T4'].team_id}&unresolved=1"
    )
    unassigned = client.get("/analytics/tickets/?start=2026-03-01&end=2026-03-31&agent=")

    numbers = [row.ticket.number for row in web.context["listed"]["items"]]
    assert numbers == [march["T5"].number, march["T2"].number, march["T1"].number]
    assert [row.ticket for row in open_b.context["listed"]["items"]] == [march["T5"]]
    assert [row.ticket for row in unassigned.context["listed"]["items"]] == [march["T5"]]


def test_a_supervisor_drills_into_their_own_team_only(march, supervisor):
    response = client_for(supervisor).get(
        f"/analytics/tickets/?start=2026-03-01&end=2026-03-31&team={march['T4'].team_id}"
    )

    assert response.status_code == 200
    assert response.context["listed"]["items"] == []


def test_a_bad_period_shows_the_default_one_with_the_reason(march, manager):
    response = client_for(manager).get("/analytics/?start=2026-03-31&end=2026-03-01")

    assert response.status_code == 200
    assert response.context["period"].days == 30
    assert response.context["error"] == "The end date is before the start date."


def test_the_api_answers_422_for_a_bad_date(manager):
    response = client_for(manager).get("/api/v1/analytics/service?start=2026-13-01")

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_date"


def test_the_period_is_in_local_days_and_times_count_in_whole_minutes(team):
    """00:30 on 1 March in Shanghai is still 28 February in UTC; it belongs to March."""
    from kefu.analytics.facts import rebuild_ticket_facts
    from tests.analytics.conftest import ticket

    ticket(at(2026, 3, 1, 0, 30), reply=1.9, channel="web", team=team, status="new")
    ticket(at(2026, 2, 28, 23, 59), reply=5, channel="web", team=team, status="new")
    rebuild_ticket_facts()

    assert headline(MARCH, None)["tickets"] == 1
    assert headline(MARCH, None)["response_median"] == 1.0
    assert headline(MARCH.previous(), None)["tickets"] == 1


def test_the_page_groups_by_one_dimension_at_a_time_and_the_export_by_all(march, manager):
    client = client_for(manager)
    page = client.get("/analytics/?start=2026-03-01&end=2026-03-31&by=agent")
    odd = client.get("/analytics/?start=2026-03-01&end=2026-03-31&by=customer")

    assert [t["table"].key for t in page.context["tables"]] == [
        "headline",
        "agent",
        "compliance",
        "backlog",
    ]
    assert [t["table"].key for t in odd.context["tables"]][1] == "channel"
    assert 'href="?start=2026-03-01&amp;end=2026-03-31&amp;by=team"' in page.content.decode()
    with pytest.raises(InvalidInput):
        service_report(actor=manager, period=MARCH, by="customer")
