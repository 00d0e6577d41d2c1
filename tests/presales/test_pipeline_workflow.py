"""The lead pipeline's state table (S-08), exhaustively: every allowed move lands where the
table says, every other (state, action) is refused with 409 and nothing changes; a stale
version is refused; lost needs a reason; only supervisors reopen."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Event, Role
from kefu.presales import services
from kefu.presales.models import FUNNEL, Lead, Stage
from kefu.presales.workflow import WORKFLOW
from tests.conftest import make_user
from tests.presales.conftest import lead_at

pytestmark = pytest.mark.django_db

ALLOWED = {(t.source, t.action): t.target for t in WORKFLOW.transitions}
REFUSED = [
    (state, action)
    for state in Stage
    for action in sorted(WORKFLOW.actions)
    if (state, action) not in ALLOWED
]


def test_the_table_is_the_pipeline_of_the_seed():
    assert ALLOWED == {
        ("new", "contact"): "contacted",
        ("contacted", "analyse"): "needs_analysed",
        ("needs_analysed", "analyse"): "needs_analysed",
        ("recommended", "analyse"): "recommended",
        ("negotiating", "analyse"): "negotiating",
        ("needs_analysed", "recommend"): "recommended",
        ("recommended", "recommend"): "recommended",
        ("negotiating", "recommend"): "negotiating",
        ("recommended", "negotiate"): "negotiating",
        ("recommended", "object"): "negotiating",
        ("negotiating", "object"): "negotiating",
        ("recommended", "win"): "won",
        ("negotiating", "win"): "won",
        ("new", "lose"): "lost",
        ("contacted", "lose"): "lost",
        ("needs_analysed", "lose"): "lost",
        ("recommended", "lose"): "lost",
        ("negotiating", "lose"): "lost",
        ("lost", "reopen"): "contacted",
    }
    assert WORKFLOW.states == set(Stage.values)


@pytest.mark.req("S-08")
@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_a_move_not_in_the_table_is_refused(supervisor, state, action):
    with pytest.raises(Conflict) as refused:
        WORKFLOW.next_state(state, action, supervisor)

    assert refused.value.code == "illegal_transition"


@pytest.mark.req("S-08")
@pytest.mark.parametrize("state", [s for s in Stage if (s, "contact") not in ALLOWED])
def test_a_refused_button_move_changes_nothing(agent, catalog, state):
    lead = lead_at(agent, state, catalog)
    before = (lead.stage, lead.version, Event.objects.count())

    with pytest.raises(Conflict):
        services.transition_lead(actor=agent, lead=lead, version=lead.version, action="contact")

    lead.refresh_from_db()
    assert (lead.stage, lead.version, Event.objects.count()) == before


@pytest.mark.req("S-08")
def test_a_lead_walks_the_funnel_and_remembers_how_far_it_got(agent, catalog):
    lead = lead_at(agent, Stage.NEGOTIATING, catalog)

    assert lead.reached == FUNNEL.index(Stage.NEGOTIATING)
    moves = Event.objects.filter(name="lead.stage_changed", subject_id=str(lead.pk))
    assert [(e.payload["from"], e.payload["to"]) for e in moves.order_by("pk")] == [
        ("new", "contacted"),
        ("contacted", "needs_analysed"),
        ("needs_analysed", "recommended"),
        ("recommended", "negotiating"),
    ]


@pytest.mark.req("S-08")
def test_a_stale_version_is_refused_and_nothing_changes(agent, catalog):
    lead = lead_at(agent, Stage.RECOMMENDED, catalog)
    stale = lead.version - 1
    events = Event.objects.count()

    with pytest.raises(Conflict) as refused:
        services.transition_lead(actor=agent, lead=lead, version=stale, action="negotiate")

    assert refused.value.code == "stale_version"
    lead.refresh_from_db()
    assert lead.stage == Stage.RECOMMENDED
    assert Event.objects.count() == events


@pytest.mark.req("S-08")
def test_a_lost_lead_needs_a_reason(agent):
    lead = lead_at(agent, Stage.CONTACTED)

    with pytest.raises(InvalidInput) as refused:
        services.lose_lead(actor=agent, lead=lead, version=lead.version, reason="  ")

    assert refused.value.fields == {"reason": "Say why the lead was lost."}
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason) == (Stage.CONTACTED, "")


@pytest.mark.req("S-08")
def test_losing_a_lead_keeps_the_reason_and_withdraws_its_deadlines(agent):
    lead = lead_at(agent, Stage.NEW)

    services.lose_lead(actor=agent, lead=lead, version=lead.version, reason="预算不够")

    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason, lead.reached) == (Stage.LOST, "预算不够", 0)
    assert lead.closed_at is not None
    from kefu.sla.models import Deadline

    assert Deadline.objects.open().count() == 0
    assert Deadline.objects.filter(cancelled_at__isnull=False).count() == 1


@pytest.mark.req("S-08")
def test_only_a_supervisor_reopens_a_lost_lead(agent, supervisor):
    lead = lead_at(agent, Stage.LOST)
    with pytest.raises(Forbidden):
        services.transition_lead(actor=agent, lead=lead, version=None, action="reopen")

    services.transition_lead(actor=supervisor, lead=lead, version=lead.version, action="reopen")

    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason, lead.closed_at) == (Stage.CONTACTED, "", None)


@pytest.mark.req("S-08")
def test_an_agent_of_another_team_cannot_move_the_lead(agent, other_team_agent):
    lead = lead_at(agent, Stage.NEW)
    events = Event.objects.count()

    with pytest.raises(Forbidden):
        services.transition_lead(
            actor=other_team_agent, lead=lead, version=lead.version, action="contact"
        )

    assert Lead.objects.get().stage == Stage.NEW
    assert Event.objects.count() == events


def test_a_technical_support_engineer_cannot_work_leads(agent, team):
    lead = lead_at(agent, Stage.NEW)
    tech = make_user("tech2", Role.TECH_SUPPORT, team)

    with pytest.raises(Forbidden):
        services.transition_lead(actor=tech, lead=lead, version=None, action="contact")
