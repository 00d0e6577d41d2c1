"""Registering a complaint (顧客投訴登記表, K-01) from the service, the API, the page and a ticket,
with its first-contact deadline from the policy (K-02)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from kefu.complaints import services
from kefu.complaints.models import Complaint, ComplaintAttachment
from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event
from kefu.sla.models import Deadline, Policy
from tests.complaints.conftest import at, client_for, events, png
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("K-01")

NOON = at(2026, 3, 16, 12, 0)  # a Monday


def draft(**values):
    return services.NewComplaint(
        **{"content": "手机买来第二天就开不了机", "channel": "phone", **values}
    )


@time_machine.travel(NOON, tick=False)
@pytest.mark.req("K-02")
def test_a_registered_complaint_keeps_the_form_and_must_be_answered_within_an_hour(
    agent, customer, order
):
    complaint = services.register_complaint(
        actor=agent,
        draft=draft(
            customer_id=customer.pk,
            order_number=order.number,
            demand="换新机",
            received_at=NOON - timedelta(minutes=10),
        ),
    )

    assert complaint.number == "C2603160001"
    assert complaint.customer == customer
    assert complaint.contact_phone == "+8613912345678"
    assert complaint.contact_email == "wangwei@example.cn"
    assert complaint.received_at == NOON - timedelta(minutes=10)
    assert complaint.channel == "phone"
    assert complaint.content == "手机买来第二天就开不了机"
    assert complaint.demand == "换新机"
    assert complaint.order == order
    assert complaint.order_item.product.name == "智能手机 X1"
    assert complaint.status == "registered"
    assert complaint.owner == agent
    assert complaint.team == agent.team
    deadline = Deadline.objects.for_subject(complaint).get()
    assert deadline.kind == "complaint.first_contact"
    assert deadline.due_at == NOON + timedelta(minutes=50)
    assert [e.name for e in events()] == ["complaint.registered"]
    assert AuditEntry.objects.filter(action="complaint.registered").count() == 1


@time_machine.travel(NOON, tick=False)
@pytest.mark.req("K-02")
def test_the_first_contact_time_comes_from_the_policy_row(agent, customer):
    Policy.objects.filter(key="complaint.first_contact").update(minutes=30)
    complaint = services.register_complaint(actor=agent, draft=draft(customer_id=customer.pk))
    assert Deadline.objects.for_subject(complaint).get().due_at == NOON + timedelta(minutes=30)


@time_machine.travel(NOON, tick=False)
@pytest.mark.req("K-02")
def test_contacting_the_complainant_keeps_the_first_contact_deadline(agent, customer):
    complaint = services.register_complaint(actor=agent, draft=draft(customer_id=customer.pk))
    with time_machine.travel(NOON + timedelta(minutes=40), tick=False):
        services.contact_complainant(
            actor=agent, complaint=complaint, note="已致电客户，真诚道歉并记录诉求"
        )
    deadline = Deadline.objects.for_subject(complaint).get()
    assert deadline.met_at == NOON + timedelta(minutes=40)
    assert deadline.breached_at is None
    complaint.refresh_from_db()
    assert complaint.status == "contacted"
    assert complaint.first_contacted_at == NOON + timedelta(minutes=40)
    assert complaint.messages.get().body == "已致电客户，真诚道歉并记录诉求"


def test_an_unknown_complainant_is_created_from_the_phone_number(agent):
    complaint = services.register_complaint(
        actor=agent, draft=draft(name="李娜", phone="139 0000 1111")
    )
    assert complaint.customer.name == "李娜"
    assert complaint.customer.phone == "+8613900001111"
    assert complaint.contact_phone == "+8613900001111"


def test_evidence_photos_are_kept_with_the_registration(agent, customer):
    complaint = services.register_complaint(
        actor=agent, draft=draft(customer_id=customer.pk, attachments=[png("screen.png")])
    )
    row = ComplaintAttachment.objects.get(complaint=complaint)
    assert (row.original_name, row.kind, row.content_type) == (
        "screen.png",
        "evidence",
        "image/png",
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"content": "  "}, "content"),
        ({"channel": "pigeon"}, "channel"),
        ({"order_number": "NOPE"}, "order_number"),
        ({"ticket_number": "T0000000000"}, "ticket_number"),
        ({"source": "rumour"}, "source"),
        ({"customer_id": None}, "phone"),
    ],
)
def test_bad_registration_input_is_refused_and_writes_nothing(agent, customer, values, field):
    with pytest.raises(InvalidInput) as refused:
        services.register_complaint(
            actor=agent, draft=draft(**{"customer_id": customer.pk, **values})
        )
    assert field in refused.value.fields
    assert Complaint.objects.count() == 0
    assert Event.objects.count() == 0


def test_an_order_of_another_customer_is_refused(agent, customer, order):
    other = services.register_complaint  # the call below must not link someone else's order
    with pytest.raises(InvalidInput) as refused:
        other(actor=agent, draft=draft(phone="13700001111", name="赵强", order_number=order.number))
    assert refused.value.code == "other_customer"
    assert Complaint.objects.count() == 0


def test_tech_support_cannot_register_a_complaint_and_nothing_is_written(tech_support, customer):
    with pytest.raises(Forbidden):
        services.register_complaint(actor=tech_support, draft=draft(customer_id=customer.pk))
    assert Complaint.objects.count() == 0
    assert Event.objects.count() == 0


def test_converting_a_ticket_makes_a_complaint_of_its_customer_linked_to_it(agent, customer, order):
    ticket = TicketFactory(
        customer=customer,
        order=order,
        team=agent.team,
        channel="wechat",
        description="等了一周还没发货",
        demand="马上发货",
    )
    complaint = services.convert_ticket_to_complaint(actor=agent, ticket=ticket)
    assert complaint.ticket == ticket
    assert complaint.customer == customer
    assert complaint.order == order
    assert complaint.channel == "wechat"
    assert complaint.content == "等了一周还没发货"
    assert complaint.demand == "马上发货"


def test_a_ticket_the_agent_cannot_see_cannot_be_converted(other_team_agent, customer):
    ticket = TicketFactory(customer=customer)
    with pytest.raises(Forbidden):
        services.convert_ticket_to_complaint(actor=other_team_agent, ticket=ticket)
    assert Complaint.objects.count() == 0


def test_the_api_registers_a_complaint_once_per_idempotency_key(agent, customer):
    client = client_for(agent)
    body = {
        "content": "客服态度很差",
        "channel": "web",
        "customer_id": customer.pk,
        "nature": "service_attitude",
    }
    first = client.post(
        "/api/v1/complaints", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = client.post(
        "/api/v1/complaints", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert first.json()["status"] == "registered"
    assert first.json()["contact_phone"] == "139****5678"
    assert first.json()["allowed_actions"] == [
        "contact",
        "classify",
        "escalate",
        "converse",
        "attach",
        "flag_malicious",
    ]
    assert Complaint.objects.count() == 1


def test_the_api_refuses_bad_input_with_the_field_named(agent):
    response = client_for(agent).post(
        "/api/v1/complaints", {"content": "x", "channel": "web"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": "customer_required",
        "message": "Give the complainant's phone number or email.",
        "fields": {"phone": "Give the complainant's phone number or email."},
    }


def test_the_api_converts_a_ticket(agent, customer):
    ticket = TicketFactory(customer=customer, team=agent.team)
    response = client_for(agent).post(
        f"/api/v1/tickets/{ticket.number}/complaint",
        {"nature": "service_process"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["ticket_number"] == ticket.number
    assert response.json()["nature"] == "service_process"


def test_the_registration_page_registers_and_opens_the_complaint(agent, customer):
    client = client_for(agent)
    response = client.post(
        "/complaints/new/",
        {
            "phone": "13912345678",
            "channel": "phone",
            "source": "direct",
            "content": "送来的商品有划痕",
            "urgency": "normal",
            "scope": "individual",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint.number}/"
    assert complaint.customer == customer
    page = client.get(response["Location"])
    assert "送来的商品有划痕" in page.content.decode()


def test_the_registration_page_shows_errors_in_place(agent):
    response = client_for(agent).post(
        "/complaints/new/",
        {
            "channel": "phone",
            "source": "direct",
            "content": "有问题",
            "urgency": "normal",
            "scope": "individual",
            "order_number": "NOPE",
            "phone": "13912345678",
        },
    )
    assert response.status_code == 422
    assert "No order with that number was found." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_the_registration_page_is_prefilled_from_a_ticket(agent, customer):
    ticket = TicketFactory(customer=customer, team=agent.team, description="屏幕有坏点")
    page = client_for(agent).get(f"/complaints/new/?ticket={ticket.number}").content.decode()
    assert f'value="{ticket.number}"' in page
    assert "屏幕有坏点" in page


def test_tech_support_gets_no_registration_page(tech_support):
    assert client_for(tech_support).get("/complaints/new/").status_code == 403
