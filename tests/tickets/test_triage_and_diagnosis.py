"""Category and sub-type with their guide (A-02), the four quadrants (A-03), diagnosis (A-04)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.tickets import queries
from kefu.tickets.guides import SUBTYPE_GUIDES
from kefu.tickets.models import Subtype, Ticket
from kefu.tickets.services import categorize_ticket, set_priority, update_ticket
from tests.tickets.conftest import at, events
from tests.tickets.factories import TicketFactory


@pytest.fixture
def ticket(team, customer, order):
    return TicketFactory(
        team=team,
        customer=customer,
        order=order,
        order_item=order.items.get(),
        status="diagnosing",
        created_at=at(2026, 3, 9, 10, 0),
    )


@pytest.mark.req("A-02")
def test_every_sub_type_of_seed_002_has_causes_handling_and_prevention():
    assert set(SUBTYPE_GUIDES) == set(Subtype.values)
    for guide in SUBTYPE_GUIDES.values():
        assert guide.causes and guide.handling and guide.prevention
        assert guide.suggested_solutions


@pytest.mark.req("A-02")
def test_the_guide_reads_as_seed_002_in_chinese():
    guide = SUBTYPE_GUIDES["delivery_delay"]

    with translation.override("zh-hans"):
        assert [str(c) for c in guide.causes] == [
            "发货员工延迟发货",
            "客户地址信息不详",
            "物流公司延迟送货",
        ]
        assert [str(h) for h in guide.handling] == ["核查问题，催件", "给予延迟赔偿"]
    assert guide.seed_title == "到货延迟问题"


@pytest.mark.req("A-02")
def test_categorizing_by_sub_type_sets_the_category_and_shows_its_guide(ticket, agent):
    categorize_ticket(actor=agent, ticket=ticket, subtype="wrong_or_missing_items")

    ticket.refresh_from_db()
    assert (ticket.category, ticket.subtype) == ("service_process", "wrong_or_missing_items")
    assert queries.solution_guide(ticket).suggested_solutions == ("reship", "partial_refund")
    assert events("ticket.categorized")[0].payload == {
        "number": ticket.number,
        "category": "service_process",
        "subtype": "wrong_or_missing_items",
    }


@pytest.mark.req("A-02")
def test_an_unknown_category_is_refused(ticket, agent):
    with pytest.raises(InvalidInput) as refused:
        categorize_ticket(actor=agent, ticket=ticket, category="weather")

    assert refused.value.fields == {"category": "Not one of the choices."}
    assert Ticket.objects.get(pk=ticket.pk).category == ""


@pytest.mark.req("A-03")
@pytest.mark.parametrize(
    ("cell", "priority", "handling"),
    [
        ((True, True), 1, "Handle at once"),
        ((False, True), 2, "Plan it"),
        ((True, False), 3, "Handle flexibly"),
        ((False, False), 4, "Handle routinely"),
    ],
)
def test_the_four_quadrants_give_priority_and_strategy(ticket, agent, cell, priority, handling):
    urgent, important = cell
    set_priority(actor=agent, ticket=ticket, urgent=urgent, important=important)

    ticket.refresh_from_db()
    assert ticket.priority == priority
    assert str(ticket.quadrant.handling) == handling


@pytest.mark.req("A-03")
def test_the_quadrant_strategy_is_seed_003s_in_chinese(ticket):
    with translation.override("zh-hans"):
        assert str(ticket.quadrant.label) == "不紧急不重要"
        assert str(ticket.quadrant.strategy) == "按标准流程操作，确保准确性"


@pytest.mark.req("A-03")
def test_tech_support_does_not_set_priority(ticket, tech_support):
    ticket.assignee = tech_support
    ticket.save()

    with pytest.raises(Forbidden):
        set_priority(actor=tech_support, ticket=ticket, urgent=True, important=True)

    assert Ticket.objects.get(pk=ticket.pk).priority == 4
    assert events() == []


def test_an_edit_against_a_stale_version_is_refused_and_nothing_changes(ticket, agent):
    update_ticket(actor=agent, ticket=ticket, version=ticket.version, changes={"demand": "换新机"})

    with pytest.raises(Conflict) as refused:
        update_ticket(
            actor=agent, ticket=ticket, version=ticket.version - 1, changes={"demand": "退款"}
        )

    assert refused.value.code == "stale_version"
    assert Ticket.objects.get(pk=ticket.pk).demand == "换新机"


def test_unknown_fields_cannot_be_edited(ticket, agent):
    with pytest.raises(InvalidInput) as refused:
        update_ticket(
            actor=agent, ticket=ticket, version=ticket.version, changes={"status": "closed"}
        )

    assert refused.value.fields == {"status": "unknown"}


@pytest.mark.req("A-04")
def test_diagnosis_shows_order_product_dates_and_the_policy(ticket, agent):
    ticket.category = "product_quality"
    result = queries.diagnosis(agent, ticket)

    assert result.order.number == "DD20260302001"
    assert result.product.sku == "PHONE-X1"
    assert result.purchased_on == date(2026, 3, 2)
    assert result.delivered_on == date(2026, 3, 4)
    # Reported 2026-03-09, within 7 days of delivery: no-reason return until 2026-03-11.
    assert result.verdict.kind == "return"
    assert result.verdict.return_until == date(2026, 3, 11)
    assert [r.code for r in result.routes] == ["warehouse", "tech_support"]


@pytest.mark.req("A-04")
def test_a_usage_problem_is_routed_to_tutorials(ticket, agent):
    ticket.category = "customer_usage"

    assert [r.code for r in queries.diagnosis(agent, ticket).routes] == ["knowledge"]


@pytest.mark.req("A-04")
def test_a_ticket_without_an_order_has_no_verdict(team, customer, agent):
    ticket = TicketFactory(team=team, customer=customer)

    result = queries.diagnosis(agent, ticket)

    assert (result.order, result.verdict, result.items) == (None, None, [])


@pytest.mark.req("P-01")
def test_diagnosis_is_refused_to_an_agent_of_another_team(ticket, other_team_agent):
    with pytest.raises(Forbidden):
        queries.diagnosis(other_team_agent, ticket)
