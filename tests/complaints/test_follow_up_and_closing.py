"""The follow-up visit within the policy's time after resolution (K-08) and the closing with
summary and evaluation (K-09); a complaint closes only after its follow-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from kefu.complaints import services
from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import Event
from kefu.sla.models import Deadline, Policy
from kefu.sla.services import scan_deadlines, start_deadline
from tests.complaints.conftest import at, client_for
from tests.complaints.factories import ComplaintFactory

NOON = at(2026, 3, 16, 12, 0)


@pytest.fixture
def confirmed(agent, team, customer):
    complaint = ComplaintFactory(
        status="confirmed", team=team, owner=agent, customer=customer, confirmed_at=NOON
    )
    start_deadline(
        kind="complaint.follow_up", subject=complaint, started_at=NOON, owner=agent, team=team
    )
    return complaint


@pytest.mark.req("K-08")
def test_the_follow_up_is_recorded_within_two_days_and_keeps_the_promise(agent, confirmed):
    with time_machine.travel(NOON + timedelta(days=1), tick=False):
        done = services.follow_up_complaint(
            actor=agent, complaint=confirmed, note="新机使用正常，客户满意", satisfied=True
        )
    assert (done.status, done.follow_up_satisfied) == ("followed_up", True)
    deadline = Deadline.objects.for_subject(done).get(kind="complaint.follow_up")
    assert deadline.met_at == NOON + timedelta(days=1)
    assert deadline.breached_at is None


@pytest.mark.req("K-08")
def test_a_follow_up_not_done_in_two_days_is_breached(agent, confirmed):
    deadline = Deadline.objects.for_subject(confirmed).get(kind="complaint.follow_up")
    assert deadline.due_at == NOON + timedelta(days=2)
    scan_deadlines(now=NOON + timedelta(days=2, minutes=1))
    deadline.refresh_from_db()
    assert deadline.breached_at == NOON + timedelta(days=2)


@pytest.mark.req("K-08")
def test_the_follow_up_time_is_the_policy_rows(agent, carried_out_with_link):
    Policy.objects.filter(key="complaint.follow_up").update(minutes=1440)
    with time_machine.travel(NOON, tick=False):
        services.record_consent(
            actor=agent, complaint=carried_out_with_link, note="电话确认", evidence=_png()
        )
    deadline = Deadline.objects.for_subject(carried_out_with_link).get(kind="complaint.follow_up")
    assert deadline.due_at == NOON + timedelta(days=1)


def _png():
    from tests.complaints.conftest import png

    return png("signed.png")


@pytest.fixture
def carried_out_with_link(agent, supervisor, team, customer):
    from tests.complaints.factories import PlanFactory

    complaint = ComplaintFactory(
        status="carried_out", team=team, owner=agent, customer=customer, plan_version=1
    )
    PlanFactory(complaint=complaint, proposed_by=agent, status="approved", approved_by=supervisor)
    return complaint


@pytest.mark.req("K-08")
def test_a_complaint_cannot_close_before_its_follow_up(supervisor, confirmed):
    with pytest.raises(Conflict) as refused:
        services.close_complaint(
            actor=supervisor, complaint=confirmed, summary="已处理", evaluation="及时"
        )
    assert refused.value.message == (
        "Cannot close with summary and evaluation: the complaint is Confirmed by the customer."
    )
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed"


@pytest.mark.req("K-08", "K-09")
def test_the_supervisor_closes_with_summary_and_evaluation(agent, supervisor, confirmed):
    services.follow_up_complaint(actor=agent, complaint=confirmed, note="满意", satisfied=True)
    done = services.close_complaint(
        actor=supervisor,
        complaint=confirmed,
        summary="出库漏检导致，已换新并补偿",
        evaluation="1小时内联系，2天内回访，处理及时",
    )
    assert (done.status, done.outcome) == ("closed", "resolved")
    assert done.summary == "出库漏检导致，已换新并补偿"
    assert done.evaluation == "1小时内联系，2天内回访，处理及时"
    assert not Deadline.objects.for_subject(done).filter(met_at__isnull=True).exists()


@pytest.mark.req("K-09")
@pytest.mark.parametrize(
    ("summary", "evaluation", "field"), [("", "好", "summary"), ("已处理", "  ", "evaluation")]
)
def test_closing_needs_both_summary_and_evaluation(
    supervisor, followed_up, summary, evaluation, field
):
    complaint = followed_up
    with pytest.raises(InvalidInput) as refused:
        services.close_complaint(
            actor=supervisor, complaint=complaint, summary=summary, evaluation=evaluation
        )
    assert field in refused.value.fields
    complaint.refresh_from_db()
    assert complaint.status == "followed_up"


@pytest.fixture
def followed_up(agent, team, customer):
    return ComplaintFactory(status="followed_up", team=team, owner=agent, customer=customer)


@pytest.mark.req("K-09")
def test_an_agent_cannot_close_and_nothing_changes(agent, followed_up):
    complaint = followed_up
    with pytest.raises(Forbidden):
        services.close_complaint(actor=agent, complaint=complaint, summary="x", evaluation="y")
    complaint.refresh_from_db()
    assert complaint.status == "followed_up"
    assert Event.objects.count() == 0


@pytest.mark.req("K-08")
def test_the_page_records_the_follow_up_and_the_api_closes(agent, supervisor, confirmed):
    page = client_for(agent).post(
        f"/complaints/{confirmed.number}/do/follow_up/",
        {
            "follow_up-version": confirmed.version,
            "follow_up-note": "客户表示满意",
            "follow_up-satisfied": "on",
        },
    )
    assert page.status_code == 302
    closed = client_for(supervisor).post(
        f"/api/v1/complaints/{confirmed.number}/close",
        {"summary": "已解决", "evaluation": "及时"},
        content_type="application/json",
    )
    assert closed.status_code == 200
    assert (closed.json()["status"], closed.json()["follow_up_satisfied"]) == ("closed", True)
