"""Campaign effect (Y-04): repurchase, satisfaction and complaint rates of the customers a
callback campaign reached against those it did not, before and after it started; any other
source of touches (care rules, outbound campaigns) plugs in as a ``Touch``."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from kefu.analytics.effect import Touch, callback_touch, effect_report
from kefu.core.errors import InvalidInput
from kefu.customers.models import Customer
from tests.analytics.conftest import at
from tests.callbacks.factories import CampaignFactory, TaskFactory
from tests.catalog.factories import OrderFactory
from tests.complaints.factories import ComplaintFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory
from tests.surveys.factories import ResponseFactory, SurveyFactory
from tests.tickets.factories import TicketFactory

pytestmark = [pytest.mark.req("Y-04"), pytest.mark.django_db]

KEYS = ("label", "customers", "repurchase_rate", "responses", "satisfaction_rate", "complaint_rate")


def answer(customer, overall, when):
    survey = SurveyFactory(ticket=TicketFactory(customer=customer), status="answered")
    ResponseFactory(survey=survey, overall=overall, answered_at=when)


@pytest.fixture
def campaign(team, other_team):
    """Started 10 March 10:00. Reached: c1, c2 (一组), c3 (二组); not reached: u1 (一组),
    u2 (二组). Seven days each side: 3–9 March before, 10–16 March after."""
    campaign = CampaignFactory(started_at=at(2026, 3, 10, 10))
    c1, c2, u1 = (CustomerFactory(team=team) for _n in range(3))
    c3, u2 = (CustomerFactory(team=other_team) for _n in range(2))
    for customer in (c1, c2, c3):
        TaskFactory(campaign=campaign, customer=customer, status="done")
    TaskFactory(campaign=campaign, customer=u1, status="open")
    TaskFactory(campaign=campaign, customer=u2, status="cancelled")
    OrderFactory(customer=c1, purchased_at=at(2026, 3, 12, 10))
    OrderFactory(customer=c2, purchased_at=at(2026, 3, 5, 10))
    OrderFactory(customer=c2, purchased_at=at(2026, 3, 14, 10))
    OrderFactory(customer=u1, purchased_at=at(2026, 3, 4, 10))
    OrderFactory(customer=u2, purchased_at=at(2026, 3, 20, 10))  # after the window
    ComplaintFactory(customer=c3, received_at=at(2026, 3, 6, 10))
    ComplaintFactory(customer=u1, received_at=at(2026, 3, 11, 10))
    answer(c1, 5, at(2026, 3, 13, 10))
    answer(c2, 2, at(2026, 3, 15, 10))
    answer(u2, 3, at(2026, 3, 12, 10))
    answer(c3, 5, at(2026, 3, 8, 10))
    return campaign


def lines(report):
    return [tuple(r[k] for k in KEYS) for r in report.table("effect").rows]


def test_reached_customers_against_those_not_reached_before_and_after(campaign, manager):
    report = effect_report(actor=manager, touch=callback_touch(campaign), days=7)

    assert lines(report) == [
        ("Touched · Before", 3, 33.3, 1, 100.0, 33.3),
        ("Touched · After", 3, 66.7, 2, 50.0, 0.0),
        ("Not touched · Before", 2, 50.0, 0, None, 0.0),
        ("Not touched · After", 2, 0.0, 1, 0.0, 50.0),
    ]


def test_a_supervisor_compares_their_team_customers_only(campaign, supervisor):
    report = effect_report(actor=supervisor, touch=callback_touch(campaign), days=7)

    assert lines(report) == [
        ("Touched · Before", 2, 50.0, 0, None, 0.0),
        ("Touched · After", 2, 100.0, 2, 50.0, 0.0),
        ("Not touched · Before", 1, 100.0, 0, None, 0.0),
        ("Not touched · After", 1, 0.0, 0, None, 100.0),
    ]


def test_any_set_of_touched_customers_and_a_date_plugs_in(campaign, manager):
    """How the retention app's care rules and outbound campaigns will use it."""
    touched = Customer.objects.filter(callback_tasks__status="done").values("pk")
    others = Customer.objects.exclude(pk__in=touched).filter(callback_tasks__isnull=False)
    touch = Touch("生日关怀", date(2026, 3, 10), touched, others.values("pk"))

    report = effect_report(actor=manager, touch=touch, days=7)

    assert lines(report) == lines(
        effect_report(actor=manager, touch=callback_touch(campaign), days=7)
    )
    assert report.table("effect").caption == ["生日关怀", "2026-03-10", "7 days"]


def test_a_window_outside_one_to_365_days_is_refused(campaign, manager):
    with pytest.raises(InvalidInput) as refused:
        effect_report(actor=manager, touch=callback_touch(campaign), days=0)

    assert refused.value.fields == {"days": "1 to 365"}


def test_the_page_and_the_workbook_show_the_same_figures(campaign, manager):
    client = client_for(manager)
    page = client.get(f"/analytics/campaigns/{campaign.pk}/?days=7")
    export = client.get(f"/analytics/campaigns/{campaign.pk}/export.xlsx?days=7")

    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    shown = [[c.text for c in cells] for cells in page.context["tables"][0]["rows"]]
    assert page.status_code == 200
    assert [row[:3] for row in values] == [
        ["Touched · Before", 3, 33.3],
        ["Touched · After", 3, 66.7],
        ["Not touched · Before", 2, 50.0],
        ["Not touched · After", 2, 0.0],
    ]
    assert values == [
        [line[0], *[None if c == "–" else float(c) for c in line[1:]]] for line in shown
    ]
    assert 'data-chart="effect"' in page.content.decode()


def test_the_campaign_list_links_to_the_effect(campaign, manager):
    html = client_for(manager).get("/analytics/campaigns/").content.decode()

    assert f'href="/analytics/campaigns/{campaign.pk}/"' in html


def test_the_api_answers_the_effect_and_refuses_agents(campaign, manager, agent):
    url = f"/api/v1/analytics/campaigns/{campaign.pk}/effect?days=7"
    body = client_for(manager).get(url).json()

    rows = body["tables"][0]["rows"]
    assert [(r["key"], r["repurchase_rate"]) for r in rows] == [
        ("touched-before", 33.3),
        ("touched-after", 66.7),
        ("untouched-before", 50.0),
        ("untouched-after", 0.0),
    ]
    assert client_for(agent).get(url).status_code == 403
