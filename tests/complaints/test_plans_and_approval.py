"""Plans with compensation (K-06): proposed, approved by a supervisor or manager who did not
propose them, sent back, carried out."""

from __future__ import annotations

import pytest

from kefu.complaints import services
from kefu.complaints.models import Plan
from kefu.core.errors import Forbidden, InvalidInput, NotFound
from kefu.core.events import pump
from kefu.core.models import Event
from kefu.notify.models import Message
from kefu.sla.models import Deadline
from tests.complaints.conftest import client_for, events
from tests.complaints.factories import ComplaintFactory, PlanFactory

pytestmark = pytest.mark.req("K-06")


@pytest.fixture
def investigating(agent, team, customer):
    return ComplaintFactory(
        status="investigating",
        team=team,
        owner=agent,
        customer=customer,
        cause="出库前未逐台开机检测",
    )


@pytest.fixture
def proposed(agent, team, customer):
    complaint = ComplaintFactory(
        status="plans_proposed", team=team, owner=agent, customer=customer, cause="出库前未检测"
    )
    PlanFactory(
        complaint=complaint,
        proposed_by=agent,
        description="换新机",
        compensation_kind="exchange",
        compensation_fen=0,
    )
    PlanFactory(
        complaint=complaint,
        proposed_by=agent,
        description="全额退款并补偿优惠券",
        compensation_kind="coupon",
        compensation_fen=20000,
    )
    return complaint


def test_several_plans_are_proposed_each_with_its_compensation(agent, investigating):
    rows = services.propose_plans(
        actor=agent,
        complaint=investigating,
        plans=[
            services.PlanDraft("换一台新的，明天送到", "exchange"),
            services.PlanDraft("全额退款并补偿100元优惠券", "coupon", 10000),
        ],
    )
    assert [(p.description, p.compensation_kind, p.compensation_fen, p.status) for p in rows] == [
        ("换一台新的，明天送到", "exchange", 0, "proposed"),
        ("全额退款并补偿100元优惠券", "coupon", 10000, "proposed"),
    ]
    investigating.refresh_from_db()
    assert investigating.status == "plans_proposed"
    assert [e.name for e in events()] == ["complaint.plans_proposed"]


def test_proposing_keeps_the_investigation_promise(agent, team, customer, department):
    complaint = ComplaintFactory(status="contacted", team=team, owner=agent, customer=customer)
    services.accept_complaint(actor=agent, complaint=complaint, department_id=department.pk)
    services.start_investigation(actor=agent, complaint=complaint)
    services.record_findings(actor=agent, complaint=complaint, cause="包装不足")
    services.propose_plans(actor=agent, complaint=complaint, plans=[services.PlanDraft("补发")])
    deadline = Deadline.objects.for_subject(complaint).get(kind="complaint.investigation")
    assert deadline.met_at is not None


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        (services.PlanDraft(""), "plans.0.description"),
        (services.PlanDraft("补偿", "coupon", 0), "plans.0.compensation_fen"),
        (services.PlanDraft("补偿", "cash", -5), "plans.0.compensation_fen"),
        (services.PlanDraft("补偿", "gold_bars"), "plans.0.compensation_kind"),
    ],
)
def test_a_bad_plan_is_refused_and_none_is_written(agent, investigating, plan, field):
    with pytest.raises(InvalidInput) as refused:
        services.propose_plans(actor=agent, complaint=investigating, plans=[plan])
    assert field in refused.value.fields
    assert Plan.objects.count() == 0
    investigating.refresh_from_db()
    assert investigating.status == "investigating"


def test_no_plans_at_all_is_refused(agent, investigating):
    with pytest.raises(InvalidInput) as refused:
        services.propose_plans(actor=agent, complaint=investigating, plans=[])
    assert refused.value.code == "plan_count"


def test_a_supervisor_approves_the_best_plan_and_the_others_are_not_chosen(supervisor, proposed):
    best, other = Plan.objects.filter(complaint=proposed).order_by("pk")
    services.approve_plan(
        actor=supervisor, complaint=proposed, plan_id=other.pk, note="按客户诉求退款"
    )
    best.refresh_from_db()
    other.refresh_from_db()
    proposed.refresh_from_db()
    assert (other.status, other.approved_by, other.approval_note) == (
        "approved",
        supervisor,
        "按客户诉求退款",
    )
    assert best.status == "not_chosen"
    assert (proposed.status, proposed.plan_version) == ("approved", 1)


def test_nobody_approves_a_plan_they_proposed(supervisor, team, customer):
    complaint = ComplaintFactory(
        status="plans_proposed", team=team, owner=supervisor, customer=customer
    )
    plan = PlanFactory(complaint=complaint, proposed_by=supervisor)
    with pytest.raises(Forbidden) as refused:
        services.approve_plan(actor=supervisor, complaint=complaint, plan_id=plan.pk)
    assert refused.value.code == "own_plan"
    assert refused.value.message == (
        "You proposed this plan; another supervisor or manager must approve it."
    )
    plan.refresh_from_db()
    complaint.refresh_from_db()
    assert (plan.status, complaint.status, complaint.plan_version) == (
        "proposed",
        "plans_proposed",
        0,
    )
    assert Event.objects.count() == 0


def test_an_agent_cannot_approve_and_nothing_changes(agent, teammate, proposed):
    plan = Plan.objects.filter(complaint=proposed).first()
    with pytest.raises(Forbidden):
        services.approve_plan(actor=teammate, complaint=proposed, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == "proposed"
    assert Event.objects.count() == 0


def test_a_manager_may_approve_too(manager, proposed):
    plan = Plan.objects.filter(complaint=proposed).first()
    services.approve_plan(actor=manager, complaint=proposed, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.approved_by == manager


def test_a_plan_of_another_complaint_cannot_be_approved(supervisor, proposed, team, customer):
    stranger = PlanFactory(complaint=ComplaintFactory(team=team, customer=customer))
    with pytest.raises(NotFound) as refused:
        services.approve_plan(actor=supervisor, complaint=proposed, plan_id=stranger.pk)
    assert refused.value.code == "plan_not_found"


def test_the_supervisor_sends_the_plans_back_with_an_instruction(supervisor, proposed):
    services.send_back_plans(actor=supervisor, complaint=proposed, note="补偿力度不够，重新提")
    proposed.refresh_from_db()
    assert proposed.status == "investigating"
    assert set(Plan.objects.filter(complaint=proposed).values_list("status", flat=True)) == {
        "not_chosen"
    }
    assert proposed.messages.get().body == "补偿力度不够，重新提"


def test_the_approved_plan_is_carried_out(agent, supervisor, proposed):
    plan = Plan.objects.filter(complaint=proposed).first()
    services.approve_plan(actor=supervisor, complaint=proposed, plan_id=plan.pk)
    done = services.carry_out_plan(actor=agent, complaint=proposed, note="新机已顺丰发出")
    assert (done.status, done.carried_out_note) == ("carried_out", "新机已顺丰发出")


def test_approvers_are_asked_and_the_owner_hears_of_the_approval(agent, supervisor, investigating):
    [plan] = services.propose_plans(
        actor=agent, complaint=investigating, plans=[services.PlanDraft("换新机", "exchange")]
    )
    pump()
    ask = Message.objects.get(template_event="complaint.approval_requested")
    assert (ask.channel, ask.user) == ("in_app", supervisor)
    services.approve_plan(actor=supervisor, complaint=investigating, plan_id=plan.pk)
    pump()
    told = Message.objects.get(template_event="complaint.plan_approved")
    assert told.user == agent
    assert "换新机" in told.body


def test_the_api_proposes_and_approves(agent, supervisor, investigating):
    client = client_for(agent)
    response = client.post(
        f"/api/v1/complaints/{investigating.number}/plans",
        {
            "plans": [
                {"description": "换新机", "compensation_kind": "exchange"},
                {
                    "description": "退款并补偿",
                    "compensation_kind": "coupon",
                    "compensation_fen": 5000,
                },
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    first = response.json()[0]["id"]
    own = client_for(agent).post(
        f"/api/v1/complaints/{investigating.number}/approve",
        {"plan_id": first},
        content_type="application/json",
    )
    assert own.status_code == 403
    approved = client_for(supervisor).post(
        f"/api/v1/complaints/{investigating.number}/approve",
        {"plan_id": first},
        content_type="application/json",
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert [p["status"] for p in approved.json()["plans"]] == ["approved", "not_chosen"]


def test_the_page_proposes_plans_in_yuan(agent, investigating):
    response = client_for(agent).post(
        f"/complaints/{investigating.number}/do/propose/",
        {
            "propose-version": investigating.version,
            "propose-description_1": "换新机",
            "propose-kind_1": "exchange",
            "propose-amount_1": "",
            "propose-description_2": "退款并补偿",
            "propose-kind_2": "coupon",
            "propose-amount_2": "50.5",
            "propose-kind_3": "none",
        },
    )
    assert response.status_code == 302
    assert list(Plan.objects.values_list("description", "compensation_fen")) == [
        ("换新机", 0),
        ("退款并补偿", 5050),
    ]


def test_the_page_offers_approval_only_to_someone_else(agent, supervisor, proposed):
    mine = client_for(agent).get(f"/complaints/{proposed.number}/").content.decode()
    theirs = client_for(supervisor).get(f"/complaints/{proposed.number}/").content.decode()
    assert 'data-testid="approve-' not in mine
    assert theirs.count('data-testid="approve-') == 2
