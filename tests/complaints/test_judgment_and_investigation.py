"""Judging a complaint (K-03) and investigating it (K-05): valid → responsible department and the
customer told the investigation time; not valid → explanation recorded, sent, closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from kefu.complaints import services
from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import pump
from kefu.core.models import Event
from kefu.notify.models import Message
from kefu.sla.models import Deadline, Policy
from tests.complaints.conftest import at, client_for, events
from tests.complaints.factories import ComplaintFactory

NOON = at(2026, 3, 16, 12, 0)


@pytest.fixture
def contacted(agent, team, customer):
    return ComplaintFactory(status="contacted", team=team, owner=agent, customer=customer)


@pytest.mark.req("K-03")
@time_machine.travel(NOON, tick=False)
def test_a_valid_complaint_gets_a_department_and_the_customer_is_told_when(
    agent, contacted, department
):
    done = services.accept_complaint(
        actor=agent, complaint=contacted, department_id=department.pk, note="确属发货前未检测"
    )
    assert done.status == "judged"
    assert done.valid is True
    assert done.responsible_department == department
    assert done.judged_by == agent
    assert done.investigation_due_at == NOON + timedelta(days=3)
    deadline = Deadline.objects.for_subject(done).get(kind="complaint.investigation")
    assert deadline.due_at == NOON + timedelta(days=3)
    pump()
    sms = Message.objects.get(template_event="complaint.investigation_time")
    assert (sms.channel, sms.recipient) == ("sms", "+8613912345678")
    assert sms.body == (
        "王伟您好，您反映的问题我们已经核实，已交由仓储部调查处理。请给我们一些时间，"
        "我们会在2026-03-19 12:00前给您答复。给您带来不便，我们非常抱歉。"
    )


@pytest.mark.req("K-03")
@time_machine.travel(NOON, tick=False)
def test_the_investigation_time_comes_from_the_policy_row(agent, contacted, department):
    Policy.objects.filter(key="complaint.investigation").update(minutes=1440)
    done = services.accept_complaint(actor=agent, complaint=contacted, department_id=department.pk)
    assert done.investigation_due_at == NOON + timedelta(days=1)


@pytest.mark.req("K-03")
def test_a_valid_judgment_needs_the_responsible_department(agent, contacted):
    with pytest.raises(InvalidInput) as refused:
        services.accept_complaint(actor=agent, complaint=contacted, department_id=None)
    assert refused.value.fields == {"department_id": "Choose the responsible department."}
    contacted.refresh_from_db()
    assert (contacted.status, contacted.valid) == ("contacted", None)
    assert Event.objects.count() == 0


@pytest.mark.req("K-03")
def test_a_complaint_that_is_not_valid_is_explained_and_closed(agent, contacted):
    explanation = "经核实，您反映的划痕属于产品正常纹理，不影响使用。感谢您的理解。"
    done = services.dismiss_complaint(actor=agent, complaint=contacted, explanation=explanation)
    assert (done.status, done.outcome, done.valid) == ("closed", "not_valid", False)
    assert done.judgment_note == explanation
    assert done.closed_at is not None
    assert done.messages.get().body == explanation
    pump()
    sms = Message.objects.get(template_event="complaint.explained")
    assert sms.body == f"王伟您好，感谢您的反馈。{explanation} 如有任何疑问，欢迎随时联系我们。"


@pytest.mark.req("K-03")
def test_dismissing_without_an_explanation_is_refused(agent, contacted):
    with pytest.raises(InvalidInput):
        services.dismiss_complaint(actor=agent, complaint=contacted, explanation=" ")
    contacted.refresh_from_db()
    assert contacted.status == "contacted"


@pytest.mark.req("K-03")
def test_an_agent_of_another_team_cannot_judge_and_nothing_changes(
    other_team_agent, contacted, department
):
    with pytest.raises(Forbidden):
        services.accept_complaint(
            actor=other_team_agent, complaint=contacted, department_id=department.pk
        )
    contacted.refresh_from_db()
    assert contacted.status == "contacted"
    assert Event.objects.count() == 0


@pytest.mark.req("K-05")
def test_the_investigation_records_cause_and_responsible_person(
    agent, tech_support, team, customer, department
):
    complaint = ComplaintFactory(status="judged", team=team, owner=agent, customer=customer)
    services.start_investigation(actor=agent, complaint=complaint)
    done = services.record_findings(
        actor=agent,
        complaint=complaint,
        cause="出库前未逐台开机检测",
        responsible_person_id=tech_support.pk,
        department_id=department.pk,
    )
    assert done.status == "investigating"
    assert done.cause == "出库前未逐台开机检测"
    assert done.responsible_person == tech_support
    assert done.responsible_department == department
    assert [e.name for e in events()] == [
        "complaint.investigation_started",
        "complaint.findings_recorded",
    ]
    assert events()[1].customer_id is None  # internal: not on the customer's timeline


@pytest.mark.req("K-05")
def test_the_responsible_engineer_sees_the_complaint_and_may_add_findings(
    agent, tech_support, team, customer
):
    complaint = ComplaintFactory(
        status="investigating",
        team=team,
        owner=agent,
        customer=customer,
        responsible_person=tech_support,
    )
    services.record_findings(
        actor=tech_support,
        complaint=complaint,
        cause="主板虚焊",
        responsible_person_id=tech_support.pk,
    )
    assert client_for(tech_support).get(f"/complaints/{complaint.number}/").status_code == 200


@pytest.mark.req("K-05")
def test_plans_need_the_cause_first(agent, team, customer):
    complaint = ComplaintFactory(status="investigating", team=team, owner=agent, customer=customer)
    with pytest.raises(InvalidInput) as refused:
        services.propose_plans(
            actor=agent, complaint=complaint, plans=[services.PlanDraft("换新机")]
        )
    assert refused.value.code == "findings_required"
    assert complaint.plans.count() == 0


@pytest.mark.req("K-03")
def test_the_api_judges_and_answers_the_complaint(agent, contacted, department):
    response = client_for(agent).post(
        f"/api/v1/complaints/{contacted.number}/accept",
        {"department_id": department.pk, "version": contacted.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["valid"], body["responsible_department_id"]) == (
        "judged",
        True,
        department.pk,
    )


@pytest.mark.req("K-03")
def test_the_api_refuses_a_stale_version(agent, contacted, department):
    response = client_for(agent).post(
        f"/api/v1/complaints/{contacted.number}/accept",
        {"department_id": department.pk, "version": 99},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["error"] == "stale_version"


@pytest.mark.req("K-03")
def test_the_page_shows_a_missing_department_in_place(agent, contacted):
    response = client_for(agent).post(
        f"/complaints/{contacted.number}/do/dismiss/",
        {"dismiss-version": 1, "dismiss-explanation": ""},
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    contacted.refresh_from_db()
    assert contacted.status == "contacted"
