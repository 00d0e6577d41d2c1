"""Classification by nature, urgency and scope sets priority and owner (K-04); a complaint made in
public goes to a manager at once, with notices (K-11)."""

from __future__ import annotations

import pytest

from kefu.complaints import services
from kefu.complaints.models import Complaint
from kefu.core.errors import InvalidInput
from kefu.core.events import pump
from kefu.core.models import AuditEntry, Role
from kefu.notify.models import Message
from kefu.sla.models import Deadline
from tests.complaints.conftest import client_for, events
from tests.complaints.factories import ComplaintFactory
from tests.conftest import make_user


def draft(**values):
    return services.NewComplaint(**{"content": "客服挂我电话", "channel": "phone", **values})


@pytest.mark.req("K-04")
@pytest.mark.parametrize(
    "case",
    [
        ("normal", "individual", 3, Role.AGENT),
        ("urgent", "individual", 2, Role.SUPERVISOR),
        ("normal", "group", 2, Role.SUPERVISOR),
        ("urgent", "group", 1, Role.MANAGER),
        ("normal", "public", 1, Role.MANAGER),
        ("urgent", "public", 1, Role.MANAGER),
    ],
)
def test_urgency_and_scope_set_the_priority_and_the_owner(cast, customer, case):
    urgency, scope, priority, owner = case
    complaint = services.register_complaint(
        actor=cast[Role.AGENT],
        draft=draft(
            customer_id=customer.pk, nature="service_attitude", urgency=urgency, scope=scope
        ),
    )
    assert (complaint.priority, complaint.owner) == (priority, cast[owner])
    assert Deadline.objects.for_subject(complaint).get().owner == cast[owner]


@pytest.mark.req("K-04")
def test_reclassifying_moves_the_complaint_to_a_senior_enough_owner(
    agent, supervisor, team, customer
):
    complaint = ComplaintFactory(team=team, owner=agent, customer=customer)
    done = services.classify_complaint(
        actor=agent, complaint=complaint, nature="delivery", urgency="urgent", scope="individual"
    )
    assert (done.nature, done.priority, done.owner) == ("delivery", 2, supervisor)
    assert [e.name for e in events()] == ["complaint.classified"]


@pytest.mark.req("K-04")
def test_a_senior_owner_keeps_a_complaint_of_lower_priority(supervisor, team, customer):
    complaint = ComplaintFactory(team=team, owner=supervisor, customer=customer, priority=2)
    done = services.classify_complaint(
        actor=supervisor, complaint=complaint, nature="other", urgency="normal", scope="individual"
    )
    assert (done.priority, done.owner) == (3, supervisor)


@pytest.mark.req("K-04")
def test_an_unknown_nature_is_refused_and_nothing_changes(agent, team, customer):
    complaint = ComplaintFactory(team=team, owner=agent, customer=customer)
    with pytest.raises(InvalidInput) as refused:
        services.classify_complaint(
            actor=agent, complaint=complaint, nature="ufo", urgency="normal", scope="individual"
        )
    assert refused.value.fields == {"nature": "Not one of the choices."}
    complaint.refresh_from_db()
    assert (complaint.nature, complaint.version) == ("", 1)


@pytest.mark.req("K-04")
def test_the_page_classifies_from_the_form(agent, manager, team, customer):
    complaint = ComplaintFactory(team=team, owner=agent, customer=customer)
    response = client_for(agent).post(
        f"/complaints/{complaint.number}/do/classify/",
        {
            "classify-version": 1,
            "classify-nature": "product_quality",
            "classify-urgency": "urgent",
            "classify-scope": "group",
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.nature, complaint.priority, complaint.owner) == (
        "product_quality",
        1,
        manager,
    )


@pytest.mark.req("K-11")
@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("consumer_association", "12315"),
        ("public_platform", "微博"),
        ("media", "都市报"),
        ("court", "（2026）沪0105民初123号"),
    ],
)
def test_a_public_or_legal_complaint_goes_to_a_manager_at_once(
    agent, manager, customer, source, detail
):
    complaint = services.register_complaint(
        actor=agent, draft=draft(customer_id=customer.pk, source=source, source_detail=detail)
    )
    assert complaint.crisis is True
    assert complaint.priority == 1
    assert complaint.owner == manager
    assert complaint.escalated_at is not None
    assert Deadline.objects.for_subject(complaint).get().owner == manager
    assert (
        AuditEntry.objects.filter(
            action="complaint.crisis_escalated", subject_id=str(complaint.pk)
        ).count()
        == 1
    )
    assert [e.name for e in events()] == ["complaint.registered", "complaint.crisis_escalated"]


@pytest.mark.req("K-11")
def test_every_manager_is_told_in_app_and_by_email(agent, manager, customer):
    manager.email = "manager@shop.cn"
    manager.save()
    second = make_user("manager2", Role.MANAGER)
    services.register_complaint(
        actor=agent,
        draft=draft(customer_id=customer.pk, source="consumer_association", source_detail="12315"),
    )
    pump()
    notices = Message.objects.filter(template_event="complaint.crisis_escalated")
    assert sorted((m.channel, m.user_id) for m in notices) == sorted(
        [("in_app", manager.pk), ("email", manager.pk), ("in_app", second.pk)]
    )
    in_app = notices.get(channel="in_app", user=manager)
    number = Complaint.objects.get().number
    assert in_app.subject == f"危机投诉{number}：消费者协会（12315）"
    assert (
        in_app.body
        == f"投诉{number}经消费者协会（12315）12315提出，已升级给manager处理，请立即关注。"
    )


@pytest.mark.req("K-11")
def test_a_complaint_that_goes_public_later_is_escalated(agent, manager, team, customer):
    complaint = ComplaintFactory(team=team, owner=agent, customer=customer, status="contacted")
    done = services.escalate_complaint(
        actor=agent, complaint=complaint, source="public_platform", source_detail="抖音"
    )
    assert (done.crisis, done.priority, done.owner, done.source_detail) == (
        True,
        1,
        manager,
        "抖音",
    )


@pytest.mark.req("K-11")
def test_escalating_to_a_private_source_is_refused(agent, team, customer):
    complaint = ComplaintFactory(team=team, owner=agent, customer=customer)
    with pytest.raises(InvalidInput):
        services.escalate_complaint(actor=agent, complaint=complaint, source="direct")
    complaint.refresh_from_db()
    assert complaint.crisis is False


@pytest.mark.req("K-11")
def test_the_page_and_api_show_the_crisis(agent, manager, customer):
    complaint = services.register_complaint(
        actor=agent, draft=draft(customer_id=customer.pk, source="media", source_detail="电视台")
    )
    page = client_for(manager).get(f"/complaints/{complaint.number}/").content.decode()
    assert 'data-testid="crisis"' in page
    assert client_for(manager).get(f"/api/v1/complaints/{complaint.number}").json()["crisis"]
    listed = client_for(manager).get("/api/v1/complaints?crisis=true").json()["items"]
    assert [c["number"] for c in listed] == [complaint.number]
