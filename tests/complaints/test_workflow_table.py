"""Every transition of the complaint state table, tried by every role (and the customer): the
allowed ones move the complaint to the next state, the others are refused with nothing changed
and no event; every move the table does not list is refused with a clear message."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from kefu.complaints import services
from kefu.complaints.models import ComplaintMessage, ConfirmationLink, Plan, Status
from kefu.complaints.services.flow import begin
from kefu.complaints.workflow import CUSTOMER, CUSTOMER_ACTIONS, TRANSITIONS, WORKFLOW
from kefu.core.errors import Conflict, Forbidden
from kefu.core.models import Event, Role
from tests.complaints.conftest import png
from tests.complaints.factories import ComplaintFactory, DepartmentFactory, PlanFactory

pytestmark = pytest.mark.req("K-01", "K-03", "K-05", "K-06", "K-07", "K-08", "K-10", "K-11")

ROLES = [*Role.values, CUSTOMER]
TOKEN = "the-customers-token"
S = Status
WITH_APPROVED_PLAN = (S.APPROVED, S.CARRIED_OUT, S.CONFIRMED, S.FOLLOWED_UP, S.CLOSED)


def prepared(state: str, action: str, cast: dict[str, Any]) -> Any:
    """A complaint of the agent's team in ``state``, with what ``action`` needs."""
    agent = cast[Role.AGENT]
    complaint = ComplaintFactory(
        status=state,
        team=agent.team,
        owner=agent,
        created_by=agent,
        responsible_person=cast[Role.TECH_SUPPORT],
        cause="出库前未逐台检测",
        malicious=action in ("clear_malicious", "close_malicious"),
        plan_version=1 if state in WITH_APPROVED_PLAN or action in CUSTOMER_ACTIONS else 0,
    )
    if state == S.PLANS_PROPOSED or action == "approve":
        PlanFactory(complaint=complaint, proposed_by=agent)
    if state in WITH_APPROVED_PLAN or action in CUSTOMER_ACTIONS:
        plan = PlanFactory(
            complaint=complaint,
            proposed_by=agent,
            status="approved",
            approved_by=cast[Role.SUPERVISOR],
            approved_at=timezone.now(),
        )
        ConfirmationLink.objects.create(
            complaint=complaint,
            plan=plan,
            plan_version=1,
            token_hash=hashlib.sha256(TOKEN.encode()).hexdigest(),
            expires_at=timezone.now() + timedelta(days=1),
        )
    ComplaintMessage.objects.create(
        complaint=complaint, direction="inbound", channel="phone", body="不赔一万我就去媒体曝光"
    )
    return complaint


def _proposed(c: Any) -> int:
    return Plan.objects.filter(complaint=c, status="proposed").values_list("pk", flat=True)[0]


def _message(c: Any) -> list[int]:
    return list(ComplaintMessage.objects.filter(complaint=c).values_list("pk", flat=True))


def _department() -> int:
    return DepartmentFactory(name="仓储部").pk


CALLS: dict[str, Callable[[Any, Any], object]] = {
    "contact": lambda a, c: services.contact_complainant(actor=a, complaint=c, note="已致电致歉"),
    "accept": lambda a, c: services.accept_complaint(
        actor=a, complaint=c, department_id=_department()
    ),
    "dismiss": lambda a, c: services.dismiss_complaint(
        actor=a, complaint=c, explanation="已说明不属于质量问题"
    ),
    "investigate": lambda a, c: services.start_investigation(actor=a, complaint=c),
    "record_findings": lambda a, c: services.record_findings(
        actor=a, complaint=c, cause="批次抽检漏检"
    ),
    "propose": lambda a, c: services.propose_plans(
        actor=a, complaint=c, plans=[services.PlanDraft("换新机")]
    ),
    "approve": lambda a, c: services.approve_plan(actor=a, complaint=c, plan_id=_proposed(c)),
    "send_back": lambda a, c: services.send_back_plans(actor=a, complaint=c, note="补偿不足"),
    "carry_out": lambda a, c: services.carry_out_plan(actor=a, complaint=c, note="新机已发出"),
    "request_confirmation": lambda a, c: services.request_confirmation(actor=a, complaint=c),
    "record_consent": lambda a, c: services.record_consent(
        actor=a, complaint=c, note="客户电话同意", evidence=png()
    ),
    "record_rejection": lambda a, c: services.record_rejection(
        actor=a, complaint=c, reason="补偿太少"
    ),
    "follow_up": lambda a, c: services.follow_up_complaint(
        actor=a, complaint=c, note="新机正常", satisfied=True
    ),
    "close": lambda a, c: services.close_complaint(
        actor=a, complaint=c, summary="已换新", evaluation="处理及时"
    ),
    "close_malicious": lambda a, c: services.close_malicious(
        actor=a, complaint=c, note="经理审核证据后结案"
    ),
    "classify": lambda a, c: services.classify_complaint(
        actor=a, complaint=c, nature="product_quality", urgency="normal", scope="individual"
    ),
    "assign": lambda a, c: services.assign_complaint(actor=a, complaint=c, owner_id=c.owner_id),
    "escalate": lambda a, c: services.escalate_complaint(actor=a, complaint=c, source="media"),
    "converse": lambda a, c: services.record_conversation(actor=a, complaint=c, body="已记录"),
    "attach": lambda a, c: services.add_complaint_attachment(actor=a, complaint=c, upload=png()),
    "flag_malicious": lambda a, c: services.flag_malicious(
        actor=a, complaint=c, reason="以曝光要挟索赔", message_ids=_message(c)
    ),
    "clear_malicious": lambda a, c: services.clear_malicious(actor=a, complaint=c, note="证据不足"),
    "note_accountability": lambda a, c: services.note_accountability(
        actor=a, complaint=c, note="仓库主管按规定处罚"
    ),
    "customer_accept": lambda a, c: (
        services.accept_by_link(token=TOKEN) if a is None else begin(a, c, "customer_accept")
    ),
    "customer_reject": lambda a, c: (
        services.reject_by_link(token=TOKEN, reason="想要退款")
        if a is None
        else begin(a, c, "customer_reject")
    ),
}


def test_every_action_of_the_table_has_a_service_call_here():
    assert set(CALLS) == WORKFLOW.actions


def _snapshot(complaint: Any) -> tuple[Any, ...]:
    complaint.refresh_from_db()
    return (complaint.status, complaint.version, Event.objects.count())


@pytest.mark.parametrize(
    "transition", TRANSITIONS, ids=[f"{t.source}-{t.action}" for t in TRANSITIONS]
)
def test_each_transition_is_allowed_or_refused_for_every_role(transition, cast):
    for role in ROLES:
        actor = cast.get(role)
        with transaction.atomic():
            complaint = prepared(transition.source, transition.action, cast)
            before = _snapshot(complaint)
            if role in transition.roles:
                CALLS[transition.action](actor, complaint)
                complaint.refresh_from_db()
                assert complaint.status == transition.target, role
            else:
                with pytest.raises(Forbidden):
                    CALLS[transition.action](actor, complaint)
                assert _snapshot(complaint) == before, role
            transaction.set_rollback(True)


ILLEGAL = [
    (state, action)
    for action in sorted(WORKFLOW.actions)
    for state in S.values
    if (state, action) not in {(t.source, t.action) for t in TRANSITIONS}
]


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_a_move_the_table_does_not_list_is_refused_and_changes_nothing(state, action, cast):
    complaint = prepared(state, action, cast)
    before = _snapshot(complaint)
    actor = None if action in CUSTOMER_ACTIONS else cast[Role.ADMIN]
    with pytest.raises(Conflict) as refused:
        CALLS[action](actor, complaint)
    assert refused.value.code in ("illegal_transition", "link_outdated", "link_used")
    assert _snapshot(complaint) == before


def test_the_refusal_names_the_action_and_the_state(cast):
    complaint = prepared(S.REGISTERED, "close", cast)
    with pytest.raises(Conflict) as refused:
        services.close_complaint(
            actor=cast[Role.SUPERVISOR], complaint=complaint, summary="x", evaluation="y"
        )
    assert refused.value.code == "illegal_transition"
    assert refused.value.message == (
        "Cannot close with summary and evaluation: the complaint is Registered."
    )


def test_staff_cannot_take_the_customers_own_actions(cast):
    complaint = prepared(S.CARRIED_OUT, "customer_accept", cast)
    with pytest.raises(Forbidden) as refused:
        begin(cast[Role.ADMIN], complaint, "customer_accept")
    assert refused.value.message == "Only the customer can do this, on the confirmation page."
