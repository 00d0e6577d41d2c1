"""Solutions (A-05): one or two offered, the customer's choice, tracked to completion (A-10)."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.tickets.models import Solution, Ticket
from kefu.tickets.services import (
    SolutionOption,
    offer_solutions,
    record_customer_choice,
    record_solution_progress,
    resolve_ticket,
)
from tests.tickets.conftest import at, events
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("A-05")


@pytest.fixture
def ticket(team, customer, order):
    return TicketFactory(team=team, customer=customer, order=order, status="diagnosing")


def offer_exchange_or_refund(actor, ticket) -> list[Solution]:
    return offer_solutions(
        actor=actor,
        ticket=ticket,
        options=[SolutionOption("exchange"), SolutionOption("refund", amount_fen=199900)],
    )


def test_two_options_are_offered_and_the_customer_is_told(ticket, agent):
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        exchange, refund = offer_exchange_or_refund(agent, ticket)

    ticket.refresh_from_db()
    assert ticket.status == "solution_offered"
    assert (exchange.kind, exchange.status, exchange.offered_by) == ("exchange", "offered", agent)
    assert (refund.kind, refund.amount_fen) == ("refund", 199900)
    assert exchange.offered_at == at(2026, 3, 9, 10, 0)
    assert events("ticket.solution_offered")[0].payload == {
        "number": ticket.number,
        "solutions": [
            {"id": exchange.pk, "kind": "exchange", "amount_fen": 0},
            {"id": refund.pk, "kind": "refund", "amount_fen": 199900},
        ],
    }


@pytest.mark.parametrize("count", [0, 3])
def test_zero_or_three_options_are_refused_and_nothing_changes(ticket, agent, count):
    options = [SolutionOption("exchange"), SolutionOption("return"), SolutionOption("free_repair")][
        :count
    ]

    with pytest.raises(InvalidInput) as refused:
        offer_solutions(actor=agent, ticket=ticket, options=options)

    assert refused.value.code == "solution_count"
    assert refused.value.message == f"Offer one or two solutions at a time, not {count}."
    assert Ticket.objects.get(pk=ticket.pk).status == "diagnosing"
    assert Solution.objects.count() == 0
    assert events() == []


@pytest.mark.parametrize(
    ("option", "field"),
    [
        (SolutionOption("coupon"), "solutions.0.amount_fen"),
        (SolutionOption("partial_refund", amount_fen=-1), "solutions.0.amount_fen"),
        (SolutionOption("refund", amount_fen=999999999), "solutions.0.amount_fen"),
        (SolutionOption("teleport"), "solutions.0.kind"),
    ],
)
def test_a_bad_option_is_refused(ticket, agent, option, field):
    with pytest.raises(InvalidInput) as refused:
        offer_solutions(actor=agent, ticket=ticket, options=[option])

    assert list(refused.value.fields) == [field]
    assert Solution.objects.count() == 0


def test_tech_support_does_not_offer_solutions(ticket, tech_support):
    ticket.assignee = tech_support
    ticket.save()

    with pytest.raises(Forbidden):
        offer_exchange_or_refund(tech_support, ticket)

    assert Solution.objects.count() == 0
    assert events() == []


def test_the_customers_choice_declines_the_other_option(ticket, agent):
    exchange, refund = offer_exchange_or_refund(agent, ticket)

    chosen = record_customer_choice(actor=agent, ticket=ticket, solution_id=exchange.pk)

    refund.refresh_from_db()
    assert (chosen.status, refund.status) == ("chosen", "declined")
    assert Ticket.objects.get(pk=ticket.pk).status == "in_progress"


def test_a_declined_option_cannot_be_chosen(ticket, agent):
    first, _refund = offer_exchange_or_refund(agent, ticket)
    offer_solutions(actor=agent, ticket=ticket, options=[SolutionOption("free_repair")])

    with pytest.raises(Conflict) as refused:
        record_customer_choice(actor=agent, ticket=ticket, solution_id=first.pk)

    assert refused.value.code == "solution_not_offered"


def test_another_tickets_solution_is_not_found(ticket, agent, team, customer):
    other = TicketFactory(team=team, customer=customer, status="diagnosing")
    foreign = offer_exchange_or_refund(agent, other)[0]
    offer_exchange_or_refund(agent, ticket)

    with pytest.raises(Exception) as refused:
        record_customer_choice(actor=agent, ticket=ticket, solution_id=foreign.pk)

    assert refused.value.code == "solution_not_found"  # type: ignore[attr-defined]


@pytest.mark.req("A-10", "A-07")
def test_an_exchange_is_tracked_step_by_step_to_completion(ticket, agent, tech_support):
    exchange = offer_exchange_or_refund(agent, ticket)[0]
    record_customer_choice(actor=agent, ticket=ticket, solution_id=exchange.pk)
    Ticket.objects.filter(pk=ticket.pk).update(assignee=tech_support)
    ticket.refresh_from_db()

    for hour, step in enumerate(["item_received", "inspected", "shipped_back", "completed"]):
        with time_machine.travel(at(2026, 3, 10, 10 + hour, 0), tick=False):
            record_solution_progress(
                actor=tech_support, ticket=ticket, solution_id=exchange.pk, step=step
            )

    exchange.refresh_from_db()
    assert exchange.status == "completed"
    assert (
        exchange.item_received_at,
        exchange.inspected_at,
        exchange.shipped_back_at,
        exchange.completed_at,
    ) == (
        at(2026, 3, 10, 10, 0),
        at(2026, 3, 10, 11, 0),
        at(2026, 3, 10, 12, 0),
        at(2026, 3, 10, 13, 0),
    )
    assert exchange.refunded_at is None
    assert [e.payload["step"] for e in events("ticket.progress")] == [
        "item_received",
        "inspected",
        "shipped_back",
        "completed",
    ]


@pytest.mark.req("A-10")
def test_steps_are_recorded_in_order_and_only_those_of_the_kind(ticket, agent):
    refund = offer_exchange_or_refund(agent, ticket)[1]
    record_customer_choice(actor=agent, ticket=ticket, solution_id=refund.pk)

    with pytest.raises(InvalidInput) as wrong_kind:
        record_solution_progress(
            actor=agent, ticket=ticket, solution_id=refund.pk, step="shipped_back"
        )
    with pytest.raises(Conflict) as out_of_order:
        record_solution_progress(
            actor=agent, ticket=ticket, solution_id=refund.pk, step="completed"
        )

    assert wrong_kind.value.code == "step_not_for_kind"
    assert out_of_order.value.message == "The next step to record is “Refunded”."
    refund.refresh_from_db()
    assert (refund.refunded_at, refund.completed_at) == (None, None)


@pytest.mark.req("A-10")
def test_a_ticket_is_resolved_only_once_its_solution_is_completed(ticket, agent):
    exchange = offer_exchange_or_refund(agent, ticket)[0]
    record_customer_choice(actor=agent, ticket=ticket, solution_id=exchange.pk)

    with pytest.raises(Conflict) as refused:
        resolve_ticket(actor=agent, ticket=ticket)

    assert refused.value.message == (
        "Finish the chosen solution first; the next step is “Item received”."
    )
    assert Ticket.objects.get(pk=ticket.pk).status == "in_progress"


def test_a_new_offer_withdraws_an_unfinished_choice(ticket, agent):
    exchange = offer_exchange_or_refund(agent, ticket)[0]
    record_customer_choice(actor=agent, ticket=ticket, solution_id=exchange.pk)

    (repair,) = offer_solutions(
        actor=agent, ticket=ticket, options=[SolutionOption("free_repair", note="寄修")]
    )

    exchange.refresh_from_db()
    assert exchange.status == "declined"
    assert repair.steps == ("item_received", "inspected", "shipped_back", "completed")
    assert Ticket.objects.get(pk=ticket.pk).status == "solution_offered"
