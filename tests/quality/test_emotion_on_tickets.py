"""An angry or anxious customer raises the ticket's urgency, the ticket page shows the mood
and the composer offers the soothing scripts (G-03, with A-03 and N-02)."""

from __future__ import annotations

import pytest

from kefu.core.models import Event
from kefu.tickets.models import Ticket
from kefu.tickets.services import NewTicket, open_ticket, record_customer_message
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("G-03")


def received(ticket: Ticket) -> dict[str, object]:
    return Event.objects.get(name="ticket.received", subject_id=str(ticket.pk)).payload


def test_an_anxious_customer_makes_a_new_ticket_urgent(agent, team):
    customer = CustomerFactory(team=team)
    draft = NewTicket(
        description="明天就要出国了，护照夹在包裹里还没收到，好担心",
        channel="web",
        customer_id=customer.pk,
    )

    ticket = open_ticket(actor=agent, draft=draft)

    assert (ticket.urgent, ticket.agitated, ticket.priority) == (True, True, 3)
    assert received(ticket)["cues"] == ["明天就要", "出国", "还没", "担心"]


def test_a_calm_question_leaves_the_ticket_as_it_was(agent, team):
    customer = CustomerFactory(team=team)
    draft = NewTicket(
        description="请问发票可以开公司抬头吗", channel="web", customer_id=customer.pk
    )

    ticket = open_ticket(actor=agent, draft=draft)

    assert (ticket.urgent, ticket.agitated) == (False, False)
    assert received(ticket)["cues"] == []


def test_an_angry_reply_from_the_customer_raises_urgency(agent, team):
    ticket = TicketFactory(team=team, assignee=agent, status="diagnosing", demand="")

    record_customer_message(actor=agent, ticket=ticket, body="你们太不负责了，一点诚意都没有")

    ticket.refresh_from_db()
    assert (ticket.urgent, ticket.agitated) == (True, True)
    wrote = Event.objects.get(name="ticket.customer_wrote")
    assert wrote.payload["cues"] == ["不负责"]


def test_the_ticket_page_shows_the_mood_and_offers_the_soothing_scripts(agent, team):
    ticket = TicketFactory(team=team, assignee=agent, status="diagnosing", demand="")
    record_customer_message(actor=agent, ticket=ticket, body="东西用了两天就坏了，真的是垃圾")

    page = client_for(agent).get(f"/tickets/{ticket.number}/").content.decode()

    assert 'data-testid="emotion" data-emotion="angry"' in page
    assert "客户情绪: 愤怒" in page
    assert 'data-testid="soothing"' in page
    assert "我理解您的心情，遇到这种情况确实让人着急。" in page


def test_a_satisfied_customer_gets_no_soothing_offer(agent, team):
    ticket = TicketFactory(team=team, assignee=agent, status="resolved", demand="")
    record_customer_message(actor=agent, ticket=ticket, body="问题解决了，谢谢你们")

    page = client_for(agent).get(f"/tickets/{ticket.number}/").content.decode()

    assert 'data-emotion="satisfied"' in page
    assert 'data-testid="soothing"' not in page
