"""One complaint walked through every step by the services, as the procedure orders them."""

from __future__ import annotations

import re

import pytest

from kefu.complaints import services
from kefu.complaints.models import Plan
from kefu.notify.models import Message
from kefu.sla.models import Deadline

pytestmark = pytest.mark.req("K-01", "K-02", "K-03", "K-05", "K-06", "K-07", "K-08", "K-09")


def test_a_complaint_goes_from_registration_to_closing(
    agent, supervisor, customer, order, department
):
    complaint = services.register_complaint(
        actor=agent,
        draft=services.NewComplaint(
            content="手机开不了机",
            channel="phone",
            customer_id=customer.pk,
            order_number=order.number,
            nature="product_quality",
        ),
    )
    assert complaint.status == "registered"
    services.contact_complainant(
        actor=agent, complaint=complaint, note="已致电客户，道歉并记录诉求"
    )
    services.accept_complaint(actor=agent, complaint=complaint, department_id=department.pk)
    services.start_investigation(actor=agent, complaint=complaint)
    services.record_findings(actor=agent, complaint=complaint, cause="出库前未检测")
    [plan, _other] = services.propose_plans(
        actor=agent,
        complaint=complaint,
        plans=[
            services.PlanDraft("换新机", "exchange"),
            services.PlanDraft("全额退款并补偿200元优惠券", "coupon", 20000),
        ],
    )
    services.approve_plan(actor=supervisor, complaint=complaint, plan_id=plan.pk)
    services.carry_out_plan(actor=agent, complaint=complaint, note="新机已发出")
    sent = services.request_confirmation(actor=agent, complaint=complaint)
    token = re.search(r"/complaints/confirm/([^/]+)/", sent.message.body).group(1)
    services.accept_by_link(token=token)
    services.follow_up_complaint(actor=agent, complaint=complaint, note="新机正常", satisfied=True)
    done = services.close_complaint(
        actor=supervisor, complaint=complaint, summary="已换新", evaluation="处理及时"
    )
    assert done.status == "closed"
    assert done.outcome == "resolved"
    assert Plan.objects.get(pk=plan.pk).status == "approved"
    assert sorted(Deadline.objects.for_subject(done).values_list("kind", flat=True)) == [
        "complaint.first_contact",
        "complaint.follow_up",
        "complaint.investigation",
    ]
    assert Message.objects.filter(template_event="complaint.confirmation_requested").count() == 1
