"""Malicious complaints (K-10): flagged only with evidence kept (files, conversation records),
handled by the rule the shop wrote, closed as malicious by a manager."""

from __future__ import annotations

import pytest

from kefu.complaints import services
from kefu.complaints.models import ComplaintAttachment, ComplaintMessage, PolicyText
from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event
from tests.complaints.conftest import client_for, png
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.req("K-10")


@pytest.fixture
def complaint(agent, team, customer):
    return ComplaintFactory(status="contacted", team=team, owner=agent, customer=customer)


@pytest.fixture
def threat(agent, complaint):
    return services.record_conversation(
        actor=agent,
        complaint=complaint,
        direction="inbound",
        body="不赔一万块我就天天来闹，还要发到网上",
    )


def test_a_complaint_is_flagged_with_the_conversation_kept_as_evidence(agent, complaint, threat):
    done = services.flag_malicious(
        actor=agent, complaint=complaint, reason="以曝光要挟索取超额赔偿", message_ids=[threat.pk]
    )
    assert (done.malicious, done.malicious_reason, done.malicious_flagged_by) == (
        True,
        "以曝光要挟索取超额赔偿",
        agent,
    )
    assert ComplaintMessage.objects.get(pk=threat.pk).evidence is True
    assert done.status == "contacted"
    audit = AuditEntry.objects.get(action="complaint.flagged_malicious")
    assert audit.data == {"attachments": [], "messages": [threat.pk]}


def test_a_complaint_is_flagged_with_files_as_evidence(agent, complaint):
    services.flag_malicious(
        actor=agent,
        complaint=complaint,
        reason="照片系网图",
        evidence=[png("original.png"), png("search.png")],
    )
    assert sorted(ComplaintAttachment.objects.values_list("original_name", "kind")) == [
        ("original.png", "evidence"),
        ("search.png", "evidence"),
    ]


def test_a_flag_without_evidence_is_refused_and_nothing_changes(agent, complaint):
    with pytest.raises(InvalidInput) as refused:
        services.flag_malicious(actor=agent, complaint=complaint, reason="感觉是恶意的")
    assert refused.value.fields == {
        "evidence": "Keep evidence: attach files or choose conversation records."
    }
    complaint.refresh_from_db()
    assert complaint.malicious is False
    assert Event.objects.count() == 0


def test_records_of_another_complaint_are_not_evidence(agent, complaint, team, customer):
    elsewhere = ComplaintFactory(team=team, customer=customer)
    stranger = ComplaintMessage.objects.create(
        complaint=elsewhere, direction="inbound", body="别的投诉", channel="phone"
    )
    with pytest.raises(InvalidInput):
        services.flag_malicious(
            actor=agent, complaint=complaint, reason="x", message_ids=[stranger.pk]
        )
    assert ComplaintMessage.objects.get(pk=stranger.pk).evidence is False


def test_tech_support_cannot_flag_and_nothing_changes(tech_support, agent, complaint, threat):
    complaint.responsible_person = tech_support
    complaint.save()
    with pytest.raises(Forbidden):
        services.flag_malicious(
            actor=tech_support, complaint=complaint, reason="x", message_ids=[threat.pk]
        )
    complaint.refresh_from_db()
    assert complaint.malicious is False


def test_the_shops_rule_is_shown_on_a_flagged_complaint(agent, manager, complaint, threat):
    services.save_handling_rule(
        actor=manager, key="malicious", text="经理审核证据后决定；涉嫌敲诈的报警处理。"
    )
    services.flag_malicious(
        actor=agent, complaint=complaint, reason="要挟", message_ids=[threat.pk]
    )
    page = client_for(agent).get(f"/complaints/{complaint.number}/").content.decode()
    assert "经理审核证据后决定；涉嫌敲诈的报警处理。" in page
    assert 'data-testid="malicious"' in page


def test_the_default_rule_is_seeded(db):
    assert PolicyText.objects.get(key="malicious").text.startswith("恶意投诉处理规定")


def test_only_managers_write_the_rule(supervisor, manager):
    with pytest.raises(Forbidden):
        services.save_handling_rule(actor=supervisor, key="malicious", text="随便")
    response = client_for(manager).post("/complaints/rules/malicious/", {"text": "新规定"})
    assert response.status_code == 302
    assert PolicyText.objects.get(key="malicious").text == "新规定"
    assert (
        client_for(supervisor).get("/api/v1/complaint-rules/malicious").json()["text"] == "新规定"
    )


def test_a_manager_closes_a_flagged_complaint_as_malicious(agent, manager, complaint, threat):
    services.flag_malicious(
        actor=agent, complaint=complaint, reason="要挟", message_ids=[threat.pk]
    )
    done = services.close_malicious(
        actor=manager, complaint=complaint, note="证据确凿，按规定结案并保留报警权利"
    )
    assert (done.status, done.outcome, done.summary) == (
        "closed",
        "malicious",
        "证据确凿，按规定结案并保留报警权利",
    )


def test_an_unflagged_complaint_cannot_be_closed_as_malicious(manager, complaint):
    with pytest.raises(InvalidInput) as refused:
        services.close_malicious(actor=manager, complaint=complaint, note="x")
    assert refused.value.code == "not_flagged"
    complaint.refresh_from_db()
    assert complaint.status == "contacted"


def test_a_supervisor_clears_a_wrong_flag_and_the_evidence_stays(
    agent, supervisor, complaint, threat
):
    services.flag_malicious(
        actor=agent, complaint=complaint, reason="要挟", message_ids=[threat.pk]
    )
    done = services.clear_malicious(
        actor=supervisor, complaint=complaint, note="客户情绪激动，并非恶意"
    )
    assert done.malicious is False
    assert ComplaintMessage.objects.get(pk=threat.pk).evidence is True


def test_the_api_flags_with_uploaded_evidence(agent, complaint, threat):
    response = client_for(agent).post(
        f"/api/v1/complaints/{complaint.number}/malicious",
        {"reason": "要挟", "message_ids": [threat.pk], "files": [png("chat.png")]},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["malicious"], [a["kind"] for a in body["attachments"]]) == (True, ["evidence"])
    assert [m["evidence"] for m in body["messages"]] == [True]


def test_the_page_flags_from_the_form(agent, complaint, threat):
    response = client_for(agent).post(
        f"/complaints/{complaint.number}/do/flag_malicious/",
        {
            "flag_malicious-version": complaint.version,
            "flag_malicious-reason": "要挟",
            "flag_malicious-message_ids": [threat.pk],
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.malicious is True
