"""Incidents (A-11): many tickets and complaints linked to one mass problem, one message to
every affected customer (once each, through the outbox), one published announcement."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.complaints import services
from kefu.complaints.models import Incident, IncidentMessage
from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import pump
from kefu.core.models import Event
from kefu.notify.models import Message
from tests.complaints.conftest import client_for
from tests.complaints.factories import ComplaintFactory, IncidentFactory
from tests.customers.factories import CustomerFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("A-11")


@pytest.fixture
def incident(supervisor):
    return services.create_incident(
        actor=supervisor,
        title="3月15日批次发错颜色",
        kind="wrong_batch",
        description="黑色款发成白色款",
    )


def test_a_supervisor_opens_an_incident(incident, supervisor):
    assert (incident.title, incident.kind, incident.created_by) == (
        "3月15日批次发错颜色",
        "wrong_batch",
        supervisor,
    )
    assert [e.name for e in Event.objects.all()] == ["incident.created"]


def test_an_unknown_kind_is_refused(supervisor):
    with pytest.raises(InvalidInput):
        services.create_incident(actor=supervisor, title="x", kind="meteor")
    assert Incident.objects.count() == 0


def test_agents_cannot_open_incidents(agent):
    with pytest.raises(Forbidden):
        services.create_incident(actor=agent, title="x", kind="other")
    assert Incident.objects.count() == 0


def test_tickets_and_complaints_are_linked_once(agent, team, customer, incident):
    tickets = [TicketFactory(customer=customer, team=team) for _ in range(3)]
    complaint = ComplaintFactory(customer=customer, team=team)
    numbers = [t.number for t in tickets]
    assert services.link_tickets(actor=agent, incident=incident, numbers=numbers) == 3
    assert services.link_tickets(actor=agent, incident=incident, numbers=numbers[:1]) == 0
    assert services.link_complaints(actor=agent, incident=incident, numbers=[complaint.number]) == 1
    assert incident.tickets.count() == 3
    assert list(incident.complaints.all()) == [complaint]


def test_an_unknown_or_invisible_number_refuses_the_whole_link(
    agent, other_team, customer, incident
):
    mine = TicketFactory(customer=customer, team=agent.team)
    theirs = TicketFactory(customer=customer, team=other_team)
    with pytest.raises(InvalidInput) as refused:
        services.link_tickets(actor=agent, incident=incident, numbers=[mine.number, theirs.number])
    assert refused.value.message == f"Not found: {theirs.number}"
    assert incident.tickets.count() == 0


def test_every_affected_customer_gets_one_message(supervisor, team, customer, incident):
    others = [CustomerFactory(team=team) for _ in range(2)]
    for _ in range(3):
        TicketFactory(customer=customer, team=team)
    TicketFactory(customer=others[0], team=team)
    ComplaintFactory(customer=customer, team=team, number="C2603150001")
    ComplaintFactory(customer=others[1], team=team, number="C2603150002")
    from kefu.tickets.models import Ticket

    services.link_tickets(
        actor=supervisor,
        incident=incident,
        numbers=list(Ticket.objects.values_list("number", flat=True)),
    )
    services.link_complaints(
        actor=supervisor, incident=incident, numbers=["C2603150001", "C2603150002"]
    )
    row = services.message_affected_customers(
        actor=supervisor,
        incident=incident,
        body="您订购的黑色款误发为白色款，我们将免费为您更换并补偿20元优惠券。",
    )
    assert row.recipients == 3
    pump()
    sent = Message.objects.filter(template_event="incident.notice")
    assert sorted(m.customer_id for m in sent) == sorted([customer.pk, *[o.pk for o in others]])
    mine = sent.get(customer_id=customer.pk)
    assert (mine.channel, mine.recipient) == ("sms", "+8613912345678")
    assert mine.subject == "【Kefu】3月15日批次发错颜色"
    assert mine.body == "王伟您好，您订购的黑色款误发为白色款，我们将免费为您更换并补偿20元优惠券。"
    pump()
    assert sent.count() == 3  # the outbox never sends the same event twice


def test_messaging_without_linked_customers_is_refused(supervisor, incident):
    with pytest.raises(InvalidInput) as refused:
        services.message_affected_customers(actor=supervisor, incident=incident, body="通知")
    assert refused.value.code == "no_customers"
    assert IncidentMessage.objects.count() == 0


def test_agents_may_link_but_not_message_everyone(agent, team, customer, incident):
    TicketFactory(customer=customer, team=team, number="T2603150001")
    services.link_tickets(actor=agent, incident=incident, numbers=["T2603150001"])
    with pytest.raises(Forbidden):
        services.message_affected_customers(actor=agent, incident=incident, body="通知")
    assert IncidentMessage.objects.count() == 0


def test_one_announcement_is_published_on_a_public_page(supervisor, incident):
    services.publish_announcement(
        actor=supervisor,
        incident=incident,
        text="关于3月15日批次发错颜色的说明：我们将为所有受影响的客户免费更换。",
    )
    again = services.publish_announcement(
        actor=supervisor, incident=incident, text="更新：更换已全部安排。"
    )
    assert again.announcement == "更新：更换已全部安排。"
    page = Client().get(f"/complaints/notices/{incident.public_id}/")
    assert page.status_code == 200
    assert "更新：更换已全部安排。" in page.content.decode()


def test_an_unpublished_announcement_is_not_public(incident):
    assert Client().get(f"/complaints/notices/{incident.public_id}/").status_code == 404
    assert Client().get("/complaints/notices/not-a-uuid/").status_code == 404


def test_the_api_runs_an_incident(supervisor, team, customer):
    client = client_for(supervisor)
    created = client.post(
        "/api/v1/incidents",
        {"title": "支付系统故障", "kind": "system_failure"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    ticket = TicketFactory(customer=customer, team=team)
    linked = client.post(
        f"/api/v1/incidents/{pk}/tickets",
        {"numbers": [ticket.number]},
        content_type="application/json",
    )
    assert linked.json() == {"linked": 1}
    sent = client.post(
        f"/api/v1/incidents/{pk}/messages",
        {"body": "系统已恢复，重复扣款将退回。"},
        content_type="application/json",
    )
    assert (sent.status_code, sent.json()["recipients"]) == (201, 1)
    shown = client.get(f"/api/v1/incidents/{pk}").json()
    assert shown["ticket_numbers"] == [ticket.number]


def test_the_pages_run_an_incident(supervisor, team, customer):
    client = client_for(supervisor)
    created = client.post(
        "/complaints/incidents/", {"title": "耳机批次缺陷", "kind": "product_defect"}
    )
    incident = Incident.objects.get()
    assert created["Location"] == f"/complaints/incidents/{incident.pk}/"
    ticket = TicketFactory(customer=customer, team=team)
    client.post(
        f"/complaints/incidents/{incident.pk}/tickets/", {"tickets-numbers": f"{ticket.number}"}
    )
    client.post(
        f"/complaints/incidents/{incident.pk}/message/",
        {"message-body": "您购买的耳机批次存在缺陷，可免费更换。"},
    )
    client.post(
        f"/complaints/incidents/{incident.pk}/announcement/",
        {"announcement-text": "耳机批次缺陷公告"},
    )
    incident.refresh_from_db()
    assert incident.published_at is not None
    page = client.get(f"/complaints/incidents/{incident.pk}/").content.decode()
    assert ticket.number in page
    assert "1 affected customer" in page


def test_a_bad_link_shows_in_place(supervisor):
    incident = IncidentFactory()
    response = client_for(supervisor).post(
        f"/complaints/incidents/{incident.pk}/tickets/", {"tickets-numbers": "T0000000000"}
    )
    assert response.status_code == 422
    assert "Not found: T0000000000" in response.content.decode()
