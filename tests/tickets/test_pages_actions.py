"""Every action of the ticket page: one POST, one service call, back to the ticket — or the
refusal in place (403/404/409/422) with nothing changed (A-02..A-10, P-01)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from kefu.core.models import Event
from kefu.tickets.models import Attachment, Delay, Escalation, Solution, Ticket, TicketMessage
from kefu.tickets.services import (
    NewTicket,
    escalate_ticket,
    open_ticket,
    start_diagnosis,
)
from tests.conftest import client_for
from tests.tickets.conftest import at, png

MONDAY = at(2026, 3, 16, 10, 0)
STALE = "其他人修改了该工单"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture
def ticket(statutory_calendar, agent, customer, order) -> Ticket:
    return open_ticket(
        actor=agent,
        draft=NewTicket(
            description="手机用了12天就无法开机",
            channel="wechat",
            customer_id=customer.pk,
            order_number=order.number,
            subtype="quality_defect",
        ),
    )


def act(user, ticket, action, data=None, **extra):
    return client_for(user).post(f"/tickets/{ticket.number}/do/{action}/", data or {}, **extra)


def errors(response) -> str:
    """The refusal shown in place: the form's error box(es) on the re-rendered page."""
    html = response.content.decode()
    return " ".join(re.findall(r'data-testid="form-errors">\s*<div>(.*?)</div>', html))


def fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def done(response, ticket, anchor="") -> bool:
    return (
        response.status_code == 302 and response["Location"] == f"/tickets/{ticket.number}/{anchor}"
    )


# --- the whole walk through the six steps, by page -----------------------------------------


@pytest.mark.req("A-05", "A-08", "A-10")
def test_an_agent_walks_a_ticket_from_diagnosis_to_close_through_the_page(ticket, agent):
    v = fresh(ticket).version
    assert done(act(agent, ticket, "diagnose", {"version": v}), ticket)
    assert fresh(ticket).status == "diagnosing"

    offer = {
        "version": fresh(ticket).version,
        "kind_1": "exchange",
        "kind_2": "coupon",
        "amount_2": "50",
    }
    assert done(act(agent, ticket, "offer", offer), ticket, "#solutions")
    exchange, coupon = Solution.objects.filter(ticket=ticket).order_by("pk")
    assert (exchange.kind, coupon.kind, coupon.amount_fen) == ("exchange", "coupon", 5000)

    choice = {"version": fresh(ticket).version, "solution_id": exchange.pk}
    assert done(act(agent, ticket, "choose", choice), ticket, "#solutions")
    assert fresh(ticket).status == "in_progress"

    for step in ("item_received", "inspected", "shipped_back", "completed"):
        response = act(agent, ticket, "progress", {"solution_id": exchange.pk, "step": step})
        assert done(response, ticket, "#solutions")
    exchange.refresh_from_db()
    assert exchange.status == "completed"

    assert done(act(agent, ticket, "resolve", {"version": fresh(ticket).version}), ticket)
    assert done(act(agent, ticket, "confirm", {"satisfied": "yes", "note": "很满意"}), ticket)
    assert done(act(agent, ticket, "close", {"version": fresh(ticket).version}), ticket)

    closed = fresh(ticket)
    assert (closed.status, closed.satisfaction_confirmed) == ("closed", True)
    progress = Event.objects.filter(name="ticket.progress").values_list("payload__step", flat=True)
    assert list(progress) == [
        "diagnosing",
        "item_received",
        "inspected",
        "shipped_back",
        "completed",
    ]


@pytest.mark.req("A-01", "A-08")
@pytest.mark.parametrize(
    ("mode", "direction", "status"),
    [
        ("reply", "outbound", "diagnosing"),
        ("internal", "internal", "new"),
        ("customer", "inbound", "new"),
    ],
)
def test_the_composer_replies_notes_or_records_what_the_customer_said(
    ticket, agent, mode, direction, status
):
    response = act(agent, ticket, "reply", {"mode": mode, "body": "您好，我是售后客服小李"})

    assert done(response, ticket, "#timeline")
    message = TicketMessage.objects.get(ticket=ticket)
    assert (message.direction, message.body) == (direction, "您好，我是售后客服小李")
    assert fresh(ticket).status == status


@pytest.mark.req("A-02", "A-03")
def test_category_and_priority_are_set_from_the_page(ticket, agent):
    act(
        agent,
        ticket,
        "categorize",
        {
            "version": fresh(ticket).version,
            "category": "service_process",
            "subtype": "delivery_delay",
        },
    )
    act(
        agent,
        ticket,
        "prioritize",
        {"version": fresh(ticket).version, "urgent": "on", "important": "on"},
    )

    saved = fresh(ticket)
    assert (saved.category, saved.subtype, saved.priority) == (
        "service_process",
        "delivery_delay",
        1,
    )


@pytest.mark.req("P-01")
def test_an_agent_assigns_a_ticket_to_a_teammate_and_back_to_the_pool(ticket, agent, teammate):
    act(agent, ticket, "assign", {"version": fresh(ticket).version, "assignee": teammate.pk})
    assert fresh(ticket).assignee == teammate

    act(agent, ticket, "assign", {"version": fresh(ticket).version, "assignee": ""})
    assert fresh(ticket).assignee is None


@pytest.mark.req("A-06", "A-07")
def test_a_promise_then_a_delay_with_compensation(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)
    assert done(act(agent, ticket, "promise", {"until": ""}), ticket)
    promised = fresh(ticket).promised_resolution_at
    assert promised is not None

    later = (promised + timedelta(days=1)).astimezone(MONDAY.tzinfo).strftime("%Y-%m-%dT%H:%M")
    delay = {
        "reason": "配件短缺",
        "until": later,
        "compensation": "50",
        "compensation_note": "50元优惠券",
    }
    assert done(act(agent, ticket, "delay", delay), ticket)

    row = Delay.objects.get(ticket=ticket)
    assert (row.reason, row.compensation_fen, row.late) == ("配件短缺", 5000, False)


@pytest.mark.req("A-09")
def test_an_escalation_is_raised_and_answered_from_the_page(ticket, agent, supervisor):
    assert done(
        act(agent, ticket, "escalate", {"target": "supervisor", "reason": "客户要求赔偿"}),
        ticket,
        "#escalations",
    )
    escalation = Escalation.objects.get(ticket=ticket)

    response = act(
        supervisor, ticket, "answer", {"escalation_id": escalation.pk, "answer": "同意补偿50元"}
    )

    assert done(response, ticket, "#escalations")
    escalation.refresh_from_db()
    assert (escalation.answer, escalation.answered_by) == ("同意补偿50元", supervisor)


def test_a_duplicate_is_merged_into_the_customers_other_ticket(ticket, agent, customer):
    duplicate = open_ticket(
        actor=agent,
        draft=NewTicket(description="还是无法开机", channel="phone", customer_id=customer.pk),
    )

    response = act(
        agent, duplicate, "merge", {"version": fresh(duplicate).version, "into": ticket.number}
    )

    assert done(response, ticket)  # off to the kept ticket
    assert (fresh(duplicate).status, fresh(duplicate).merged_into) == ("merged", ticket)


@pytest.mark.req("A-01")
def test_a_photo_is_attached_from_the_page(ticket, agent):
    response = act(agent, ticket, "attach", {"file": png("屏幕.png")})

    assert done(response, ticket, "#attachments")
    assert list(Attachment.objects.values_list("original_name", "content_type")) == [
        ("屏幕.png", "image/png")
    ]


def test_a_resolved_ticket_is_reopened_with_a_reason(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)
    act(agent, ticket, "resolve", {"version": fresh(ticket).version})

    assert done(
        act(agent, ticket, "reopen", {"version": fresh(ticket).version, "reason": "客户说又坏了"}),
        ticket,
    )
    assert fresh(ticket).status == "diagnosing"


# --- refusals: in place, in the user's language, nothing changed ---------------------------


def test_a_stale_version_is_refused_with_409_in_place_and_nothing_changes(ticket, agent, teammate):
    start_diagnosis(actor=agent, ticket=ticket)
    read = fresh(ticket).version
    act(
        teammate,
        ticket,
        "categorize",
        {"version": read, "category": "customer_usage", "subtype": ""},
    )
    events = Event.objects.count()

    response = act(agent, ticket, "offer", {"version": read, "kind_1": "exchange"})

    assert response.status_code == 409
    assert STALE in errors(response)
    assert 'data-testid="offer-form"' in response.content.decode()
    assert not Solution.objects.exists()
    assert Event.objects.count() == events


def test_an_illegal_move_is_refused_with_409_and_the_state_table_message(ticket, agent):
    response = act(agent, ticket, "close", {"version": fresh(ticket).version})

    assert response.status_code == 409
    assert "无法" in errors(response)
    assert fresh(ticket).status == "new"


@pytest.mark.req("P-01")
def test_tech_support_cannot_offer_a_remedy_and_sees_why_in_place(ticket, agent, tech_support):
    start_diagnosis(actor=agent, ticket=ticket)
    escalate_ticket(actor=agent, ticket=ticket, target="tech_support", reason="需要检测")
    events = Event.objects.count()

    response = act(
        tech_support, ticket, "offer", {"version": fresh(ticket).version, "kind_1": "exchange"}
    )

    assert response.status_code == 403
    assert "您没有执行此操作的权限" in errors(response)
    assert not Solution.objects.exists()
    assert Event.objects.count() == events


def test_a_coupon_without_an_amount_is_refused_next_to_the_amount(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)

    response = act(agent, ticket, "offer", {"version": fresh(ticket).version, "kind_1": "coupon"})

    assert response.status_code == 422
    html = response.content.decode()
    amount = html.split('name="amount_1"', 1)[1].split("</div>", 1)[0]
    assert "is-invalid" in amount
    assert "invalid-feedback" in amount
    assert not Solution.objects.exists()


def test_a_tampered_solution_kind_gets_the_services_message(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)

    response = act(
        agent, ticket, "offer", {"version": fresh(ticket).version, "kind_1": "free_money"}
    )

    assert response.status_code == 422
    assert errors(response)
    assert not Solution.objects.exists()


def test_a_delay_without_a_promise_is_refused(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)
    until = (MONDAY + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = act(agent, ticket, "delay", {"reason": "缺货", "until": until})

    assert response.status_code == 409
    assert errors(response)
    assert not Delay.objects.exists()


@pytest.mark.req("A-01")
def test_a_disguised_file_is_refused_and_nothing_is_stored(ticket, agent):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")

    response = act(agent, ticket, "attach", {"file": fake})

    assert response.status_code == 422
    assert "photo.jpg" in errors(response)
    assert not Attachment.objects.exists()


def test_merging_into_an_unknown_ticket_is_refused_in_place(ticket, agent):
    response = act(
        agent, ticket, "merge", {"version": fresh(ticket).version, "into": "T0000000000"}
    )

    assert response.status_code == 404
    assert errors(response)
    assert fresh(ticket).status == "new"


def test_an_empty_reply_is_refused_in_place(ticket, agent):
    response = act(agent, ticket, "reply", {"mode": "reply", "body": "   "})

    assert response.status_code == 422
    assert not TicketMessage.objects.exists()


def test_an_unknown_action_is_a_404_and_a_get_is_not_allowed(ticket, agent):
    assert act(agent, ticket, "launch").status_code == 404
    assert client_for(agent).get(f"/tickets/{ticket.number}/do/close/").status_code == 405


def test_a_promise_in_the_past_is_refused_next_to_the_time(ticket, agent):
    start_diagnosis(actor=agent, ticket=ticket)

    response = act(agent, ticket, "promise", {"until": "2026-03-01T10:00"})

    assert response.status_code == 422
    assert fresh(ticket).promised_resolution_at is None
