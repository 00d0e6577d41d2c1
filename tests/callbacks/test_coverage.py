"""Every member customer served in the period is called back: coverage shown, gaps listed
(必须保证会员客户100%回访, V-03)."""

from __future__ import annotations

import pytest
import time_machine

from kefu.callbacks.models import CallbackTask
from kefu.callbacks.reports import coverage
from kefu.callbacks.services import CallData, add_customers, record_call
from tests.callbacks.conftest import at, served_customer
from tests.callbacks.factories import CampaignFactory, TaskFactory
from tests.conftest import client_for

pytestmark = pytest.mark.req("V-03")


@pytest.fixture
def period(team, agent):
    """Three members and one non-member served; the gold member called back, the silver one
    still to call, the regular one with no call at all."""
    campaign = CampaignFactory(team=team, member_levels=["gold", "silver"])
    gold = served_customer("王伟", "gold", at(2026, 3, 3, 10), team)
    silver = served_customer("李娜", "silver", at(2026, 3, 4, 10), team)
    regular = served_customer("刘洋", "regular", at(2026, 3, 5, 10), team)
    served_customer("张敏", "none", at(2026, 3, 5, 11), team)
    done = TaskFactory(
        campaign=campaign, customer=gold, agent=agent, team=team, service_at=at(2026, 3, 3, 10)
    )
    TaskFactory(
        campaign=campaign, customer=silver, agent=agent, team=team, service_at=at(2026, 3, 4, 10)
    )
    with time_machine.travel(at(2026, 3, 5, 15), tick=False):
        record_call(actor=agent, task=done, data=CallData(reached=True, outcome="satisfied"))
    return campaign, {"gold": gold, "silver": silver, "regular": regular}


def test_coverage_counts_members_served_and_lists_the_gaps(period):
    campaign, _people = period

    cover = coverage(campaign)

    assert (cover.population, cover.called_back, cover.rate, cover.gap_count) == (3, 1, 33.3, 2)
    assert [(g.name, g.status) for g in cover.gaps] == [("李娜", "open"), ("刘洋", "no_task")]
    assert cover.gaps[1].service.startswith("after-sales ticket ")


def test_a_member_called_back_by_another_campaign_is_covered(period, agent, team):
    campaign, people = period
    other = CampaignFactory(team=team)
    task = TaskFactory(
        campaign=other,
        customer=people["regular"],
        agent=agent,
        team=team,
        service_at=at(2026, 3, 5, 10),
    )
    with time_machine.travel(at(2026, 3, 6, 10), tick=False):
        record_call(
            actor=agent,
            task=task,
            data=CallData(reached=True, outcome="neutral", to_improve="送货慢"),
        )

    assert [g.name for g in coverage(campaign).gaps] == ["李娜"]


def test_adding_the_gaps_gives_every_member_a_call(period, supervisor):
    campaign, people = period

    with time_machine.travel(at(2026, 3, 6, 10), tick=False):
        added = add_customers(actor=supervisor, campaign=campaign)

    task = CallbackTask.objects.get(customer=people["regular"])
    assert added == 1
    assert (task.service_at, task.due_at) == (at(2026, 3, 5, 10), at(2026, 3, 8, 10))
    assert [g.status for g in coverage(campaign).gaps] == ["open", "open"]


def test_the_campaign_page_shows_coverage_and_gaps(period, supervisor):
    campaign, _people = period

    html = client_for(supervisor).get(f"/callbacks/{campaign.pk}/").content.decode()

    assert 'data-testid="coverage-rate">33.3%<' in html
    assert "刘洋" in html
    assert "No call" in html
    assert "Not reached yet" in html


def test_the_api_answers_coverage(period, supervisor):
    campaign, _people = period

    body = client_for(supervisor).get(f"/api/v1/callbacks/campaigns/{campaign.pk}/coverage").json()

    assert (body["population"], body["called_back"], body["rate"]) == (3, 1, 33.3)
    assert [g["status"] for g in body["gaps"]] == ["open", "no_task"]
