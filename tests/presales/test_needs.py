"""The 5W1H needs record with the budget, in steps, with its completeness (S-05)."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, InvalidInput
from kefu.core.models import Event
from kefu.presales import services
from kefu.presales.models import NeedsAnalysis, Stage
from tests.presales.conftest import lead_at

pytestmark = pytest.mark.django_db


@pytest.mark.req("S-05")
def test_needs_are_recorded_in_steps_with_their_completeness(agent, catalog):
    lead = lead_at(agent, Stage.CONTACTED)

    services.record_needs(
        actor=agent,
        lead=lead,
        version=lead.version,
        changes={"decision_maker": "太太", "what": "一台适合老人用的智能手机"},
    )
    needs = services.record_needs(
        actor=agent,
        lead=lead,
        version=lead.version,
        changes={"when": "下周生日前", "budget_fen": "150000", "features": "大字体、一键视频"},
    )

    assert (needs.decision_maker, needs.what, needs.when, needs.budget_fen) == (
        "太太",
        "一台适合老人用的智能手机",
        "下周生日前",
        150000,
    )
    assert needs.answered == ["decision_maker", "what", "when", "budget_fen"]
    assert needs.completeness == 57
    lead.refresh_from_db()
    assert lead.stage == Stage.NEEDS_ANALYSED
    assert Event.objects.filter(name="lead.needs_recorded").count() == 2


@pytest.mark.req("S-05")
def test_a_complete_record_is_one_hundred_percent(agent):
    lead = lead_at(agent, Stage.CONTACTED)
    needs = services.record_needs(
        actor=agent,
        lead=lead,
        version=None,
        changes={
            "decision_maker": "先生",
            "what": "手机",
            "when": "下周",
            "where": "主要在家用，偶尔出门",
            "why": "老人想视频通话",
            "how": "线上下单，门店自提",
            "budget_yuan": "1,500",
        },
    )

    assert (needs.completeness, needs.budget_fen) == (100, 150000)


@pytest.mark.req("S-05")
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"budget_fen": 0}, "budget_fen"),
        ({"budget_fen": -100}, "budget_fen"),
        ({"budget_fen": "abc"}, "budget_fen"),
        ({"budget_fen": "12.5"}, "budget_fen"),
        ({"budget_yuan": "一千"}, "budget_fen"),
        ({"budget_fen": True}, "budget_fen"),
        ({"category_id": 999999}, "category_id"),
        ({"what": "长" * 201}, "what"),
    ],
    ids=[
        "zero",
        "negative",
        "not-a-number",
        "fraction-of-fen",
        "words",
        "bool",
        "category",
        "long",
    ],
)
def test_bad_needs_are_refused_and_nothing_changes(agent, changes, field):
    lead = lead_at(agent, Stage.CONTACTED)
    before = (lead.version, Event.objects.count())

    with pytest.raises(InvalidInput) as refused:
        services.record_needs(
            actor=agent, lead=lead, version=lead.version, changes={"who": "x", **changes}
        )

    assert field in refused.value.fields
    lead.refresh_from_db()
    assert (lead.version, Event.objects.count()) == before
    assert lead.stage == Stage.CONTACTED
    assert not NeedsAnalysis.objects.exists()


@pytest.mark.req("S-05")
def test_needs_of_a_new_lead_wait_for_the_first_contact(agent):
    lead = lead_at(agent, Stage.NEW)

    with pytest.raises(Conflict):
        services.record_needs(actor=agent, lead=lead, version=None, changes={"what": "手机"})

    assert not NeedsAnalysis.objects.exists()


@pytest.mark.req("S-05")
def test_a_stale_needs_edit_is_refused(agent):
    lead = lead_at(agent, Stage.CONTACTED)
    services.record_needs(actor=agent, lead=lead, version=lead.version, changes={"what": "手机"})

    with pytest.raises(Conflict):
        services.record_needs(actor=agent, lead=lead, version=1, changes={"what": "平板"})

    assert NeedsAnalysis.objects.get().what == "手机"
