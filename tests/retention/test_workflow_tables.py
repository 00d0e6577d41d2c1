"""The state tables of retention, exhaustively: every allowed move with its roles, every move
that is not in the table refused (R-04 campaigns, R-03 touches)."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, Forbidden
from kefu.core.models import Role, User
from kefu.retention.models import CampaignState, Touch
from kefu.retention.workflow import CAMPAIGN_FLOW, TOUCH_FLOW

CAMPAIGN_ALLOWED = {
    ("draft", "start"): "running",
    ("running", "call"): "running",
    ("running", "finish"): "finished",
    ("finished", "summarize"): "finished",
    ("finished", "archive"): "archived",
}
TOUCH_ALLOWED = {("queued", "send"): "sent", ("queued", "suppress"): "suppressed"}
CALLERS = {Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN}
SUPERVISORS = {Role.SUPERVISOR, Role.MANAGER, Role.ADMIN}


def _refused(flow, allowed, states):
    return [(s, a) for s in states for a in sorted(flow.actions) if (s, a) not in allowed]


def person(role: str) -> User:
    return User(username=role, role=role)


@pytest.mark.req("R-04")
def test_the_campaign_table_is_exactly_the_allowed_moves():
    assert {(t.source, t.action): t.target for t in CAMPAIGN_FLOW.transitions} == CAMPAIGN_ALLOWED
    assert CAMPAIGN_FLOW.states == set(CampaignState.values)


@pytest.mark.req("R-04")
@pytest.mark.parametrize(("state", "action"), list(CAMPAIGN_ALLOWED))
@pytest.mark.parametrize("role", Role.values)
def test_each_campaign_move_is_allowed_to_its_roles_only(state, action, role):
    roles = CALLERS if action == "call" else SUPERVISORS
    if role in roles:
        assert (
            CAMPAIGN_FLOW.next_state(state, action, person(role))
            == CAMPAIGN_ALLOWED[(state, action)]
        )
    else:
        with pytest.raises(Forbidden):
            CAMPAIGN_FLOW.next_state(state, action, person(role))


@pytest.mark.req("R-04")
@pytest.mark.parametrize(
    ("state", "action"), _refused(CAMPAIGN_FLOW, CAMPAIGN_ALLOWED, CampaignState.values)
)
def test_every_other_campaign_move_is_refused(state, action):
    with pytest.raises(Conflict):
        CAMPAIGN_FLOW.next_state(state, action, person(Role.ADMIN))


@pytest.mark.req("R-03")
def test_the_touch_table_is_exactly_the_allowed_moves():
    assert {(t.source, t.action): t.target for t in TOUCH_FLOW.transitions} == TOUCH_ALLOWED


@pytest.mark.req("R-03")
@pytest.mark.parametrize(
    ("state", "action"), _refused(TOUCH_FLOW, TOUCH_ALLOWED, Touch.Status.values)
)
def test_every_other_touch_move_is_refused(state, action):
    with pytest.raises(Conflict):
        TOUCH_FLOW.next_state(state, action, None)


@pytest.mark.req("R-03")
@pytest.mark.parametrize("role", Role.values)
def test_no_person_sends_or_suppresses_a_touch_by_hand(role):
    for action in ("send", "suppress"):
        with pytest.raises(Forbidden):
            TOUCH_FLOW.next_state("queued", action, person(role))
