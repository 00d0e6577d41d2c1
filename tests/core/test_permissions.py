"""One permission service for pages and API, scoped per object (P-01)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from kefu.core.errors import Forbidden
from kefu.core.models import Role, User
from kefu.core.permissions import allowed, require, visible_to
from kefu.sla.models import Deadline
from kefu.sla.services import start_deadline
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-01")


@pytest.fixture
def deadlines(agent, teammate, other_team_agent, team, other_team):
    return {
        "mine": start_deadline(
            kind="complaint.first_contact", subject=team, owner=agent, team=team
        ),
        "teammate": start_deadline(
            kind="complaint.first_contact", subject=team, owner=teammate, team=team
        ),
        "other": start_deadline(
            kind="complaint.first_contact",
            subject=other_team,
            owner=other_team_agent,
            team=other_team,
        ),
    }


def test_an_agent_sees_the_deadlines_of_their_team_and_not_of_another(agent, deadlines):
    seen = set(visible_to(agent, Deadline.objects.all()))

    assert seen == {deadlines["mine"], deadlines["teammate"]}


def test_a_supervisor_sees_every_team(supervisor, deadlines):
    assert visible_to(supervisor, Deadline.objects.all()).count() == 3


def test_the_api_lists_only_visible_deadlines(agent, deadlines):
    listed = client_for(agent).get("/api/v1/deadlines", {"status": "open"})

    assert listed.status_code == 200
    assert {row["id"] for row in listed.json()["items"]} == {
        deadlines["mine"].pk,
        deadlines["teammate"].pk,
    }


def test_another_teams_deadline_is_not_found_for_an_agent(agent, deadlines):
    response = client_for(agent).get(f"/api/v1/deadlines/{deadlines['other'].pk}")

    assert response.status_code == 404
    assert response.json()["error"] == "deadline_not_found"


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.AGENT, False),
        (Role.TECH_SUPPORT, False),
        (Role.SUPERVISOR, False),
        (Role.MANAGER, True),
        (Role.ADMIN, True),
    ],
)
def test_only_managers_and_admins_change_sla_policies(db, role, may):
    user = User.objects.create_user(username=f"u-{role}", password="x", role=role)

    assert allowed(user, "policy.manage") is may


def test_an_inactive_user_may_do_nothing(admin_user):
    admin_user.is_active = False

    assert allowed(admin_user, "calendar.manage") is False
    assert visible_to(admin_user, Deadline.objects.all()).count() == 0


def test_require_refuses_with_a_clear_message(agent):
    with pytest.raises(Forbidden) as refused:
        require(agent, "calendar.manage")

    assert refused.value.status == 403
    assert refused.value.code == "forbidden"


def test_an_unknown_permission_is_a_programming_error(agent):
    with pytest.raises(ImproperlyConfigured):
        allowed(agent, "no.such.permission")


def test_an_agent_changing_a_policy_through_the_api_is_refused_and_nothing_changes(agent):
    response = client_for(agent).patch(
        "/api/v1/policies/complaint.first_contact", {"minutes": 5}, content_type="application/json"
    )

    assert response.status_code == 403
    from kefu.sla.models import Policy

    assert Policy.objects.get(key="complaint.first_contact").minutes == 60
