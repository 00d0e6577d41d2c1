"""Who sees which complaints on the pages and the API (P-01 for K-*): the scoped, paginated list,
the complaint page with the actions the state table allows, files, the customer 360 panel."""

from __future__ import annotations

import pytest

from kefu.complaints import services
from kefu.complaints.models import ComplaintAttachment
from tests.complaints.conftest import client_for, png
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.req("K-01")


@pytest.fixture
def ours(agent, team, customer):
    return ComplaintFactory(team=team, owner=agent, customer=customer, content="我们组的投诉")


@pytest.fixture
def theirs(other_team_agent, other_team):
    return ComplaintFactory(team=other_team, owner=other_team_agent, content="别组的投诉")


def test_agents_see_their_teams_complaints_and_supervisors_all(agent, supervisor, ours, theirs):
    mine = client_for(agent).get("/api/v1/complaints").json()["items"]
    everyone = client_for(supervisor).get("/api/v1/complaints").json()["items"]
    assert [c["number"] for c in mine] == [ours.number]
    assert {c["number"] for c in everyone} == {ours.number, theirs.number}
    page = client_for(agent).get("/complaints/").content.decode()
    assert ours.number in page
    assert theirs.number not in page


def test_a_complaint_of_another_team_is_not_found(agent, theirs):
    assert client_for(agent).get(f"/complaints/{theirs.number}/").status_code == 404
    response = client_for(agent).get(f"/api/v1/complaints/{theirs.number}")
    assert response.status_code == 404
    assert response.json()["error"] == "complaint_not_found"
    action = client_for(agent).post(
        f"/complaints/{theirs.number}/do/contact/",
        {"contact-note": "x", "contact-channel": "phone"},
    )
    assert action.status_code == 404


def test_tech_support_sees_only_what_they_are_responsible_for(tech_support, team, customer, ours):
    assigned = ComplaintFactory(team=team, customer=customer, responsible_person=tech_support)
    items = client_for(tech_support).get("/api/v1/complaints").json()["items"]
    assert [c["number"] for c in items] == [assigned.number]


def test_the_list_is_paginated(agent, team, customer):
    for _ in range(52):
        ComplaintFactory(team=team, customer=customer)
    first = client_for(agent).get("/api/v1/complaints?limit=50").json()
    second = client_for(agent).get("/api/v1/complaints?limit=50&offset=50").json()
    assert (len(first["items"]), first["has_more"]) == (50, True)
    assert (len(second["items"]), second["has_more"]) == (2, False)
    page = client_for(agent).get("/complaints/").content.decode()
    assert page.count("data-complaint=") == 50
    assert "offset=50" in page


def test_the_page_offers_only_the_actions_the_table_allows(agent, tech_support, ours):
    ours.responsible_person = tech_support
    ours.save()
    agent_page = client_for(agent).get(f"/complaints/{ours.number}/").content.decode()
    tech_page = client_for(tech_support).get(f"/complaints/{ours.number}/").content.decode()
    assert 'data-testid="open-contact"' in agent_page
    assert 'data-testid="open-close"' not in agent_page
    assert 'data-testid="open-contact"' not in tech_page


def test_a_refused_action_on_the_page_is_a_403_and_changes_nothing(tech_support, ours):
    ours.responsible_person = tech_support
    ours.save()
    response = client_for(tech_support).post(
        f"/complaints/{ours.number}/do/contact/", {"contact-note": "x", "contact-channel": "phone"}
    )
    assert response.status_code == 403
    ours.refresh_from_db()
    assert ours.status == "registered"


def test_a_forbidden_move_shows_its_message_in_place(agent, ours):
    response = client_for(agent).post(
        f"/complaints/{ours.number}/do/follow_up/",
        {"follow_up-note": "回访", "follow_up-satisfied": "on"},
    )
    assert response.status_code == 422
    assert "Cannot record the follow-up: the complaint is Registered." in response.content.decode()


def test_files_are_downloaded_only_by_those_who_see_the_complaint(agent, other_team_agent, ours):
    services.add_complaint_attachment(
        actor=agent, complaint=ours, upload=png("photo.png"), kind="evidence"
    )
    row = ComplaintAttachment.objects.get()
    mine = client_for(agent).get(f"/complaints/files/{row.pk}/")
    assert mine.status_code == 200
    assert mine["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client_for(other_team_agent).get(f"/complaints/files/{row.pk}/").status_code == 404
    api = client_for(agent).get(f"/api/v1/complaints/{ours.number}/attachments/{row.pk}")
    assert api.status_code == 200


def test_a_disguised_file_is_refused(agent, ours):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>")
    response = client_for(agent).post(
        f"/api/v1/complaints/{ours.number}/attachments", {"file": fake}
    )
    assert response.status_code == 422
    assert ComplaintAttachment.objects.count() == 0


def test_the_customer_360_page_lists_the_complaints(agent, customer, ours):
    page = client_for(agent).get(f"/customers/{customer.pk}/").content.decode()
    assert 'data-testid="customer-complaints"' in page
    assert ours.number in page


def test_the_state_table_is_served(agent):
    rows = client_for(agent).get("/api/v1/complaint-workflow").json()
    assert {
        "state": "plans_proposed",
        "action": "approve",
        "next_state": "approved",
        "roles": ["admin", "manager", "supervisor"],
    } in rows
