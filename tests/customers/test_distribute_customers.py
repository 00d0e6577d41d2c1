"""Classifying customers and distributing them to agents by load and skill, with a preview;
the 7-day first contact; reassignment when an agent leaves (C-03)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event, Role
from kefu.customers.classify import filter_customers, save_filter, tag_customers
from kefu.customers.distribution import (
    distribute_customers,
    plan_distribution,
    reassign_agent_customers,
    record_contact,
    set_agent_skills,
)
from kefu.customers.models import Customer, SavedFilter
from kefu.sla.models import Deadline
from kefu.sla.services import start_deadline
from tests.catalog.factories import CategoryFactory, OrderFactory, ProductFactory
from tests.conftest import make_user
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("C-03")

NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


def owns(customer: Customer, sku: str, *, fen: int = 199900, category: str = "手机数码") -> None:
    product = ProductFactory(sku=sku, category=CategoryFactory(name=category), price_fen=fen)
    OrderFactory(customer=customer, items=[product])


def busy(agent, count: int) -> None:
    """Give ``agent`` ``count`` open deadlines of other work."""
    for _n in range(count):
        start_deadline(kind="customer.first_contact", subject=CustomerFactory(), owner=agent)


@pytest.fixture
def shop(db):
    gold_sz = CustomerFactory(member_level="gold", province="广东省", city="深圳市")
    gold_hz = CustomerFactory(member_level="gold", province="浙江省", city="杭州市")
    silver_sz = CustomerFactory(member_level="silver", province="广东省", city="深圳市")
    owns(gold_sz, "PHONE-X1", fen=599900)
    owns(gold_hz, "AIR-01", fen=99900, category="小家电")
    return gold_sz, gold_hz, silver_sz


def test_a_filter_finds_customers_by_level_region_value_and_product(shop, supervisor):
    gold_sz, gold_hz, silver_sz = shop

    def found(**criteria):
        return list(filter_customers(supervisor, criteria))

    assert found(member_levels=["gold"]) == [gold_sz, gold_hz]
    assert found(member_levels=["gold", "silver"], province="广东省") == [gold_sz, silver_sz]
    assert found(min_value_yuan="1000") == [gold_sz]
    assert found(product_sku="AIR-01") == [gold_hz]
    assert found(category="手机数码") == [gold_sz]
    assert found(member_levels=["gold"], city="深圳市", min_value_yuan="5999") == [gold_sz]


@pytest.mark.parametrize(
    "criteria",
    [{"member_levels": ["platinum"]}, {"min_value_yuan": "-3"}, {"colour": "red"}],
)
def test_a_bad_filter_is_refused_and_not_saved(supervisor, criteria):
    with pytest.raises(InvalidInput):
        save_filter(actor=supervisor, name="金卡深圳", criteria=criteria)

    assert not SavedFilter.objects.exists()


def test_a_saved_filter_tags_exactly_the_customers_it_finds(shop, supervisor):
    gold_sz, _gold_hz, _silver_sz = shop
    saved = save_filter(
        actor=supervisor,
        name="高价值金卡",
        criteria={"member_levels": ["gold"], "min_value_yuan": 1000},
    )
    assert saved.criteria == {"member_levels": ["gold"], "min_value_yuan": "1000"}

    assert tag_customers(actor=supervisor, criteria=saved.criteria, tag="高价值") == 1
    assert tag_customers(actor=supervisor, criteria=saved.criteria, tag="高价值") == 0

    assert list(Customer.objects.filter(tags__name="高价值")) == [gold_sz]
    assert AuditEntry.objects.filter(action="customers.tagged").count() == 2


def test_an_agent_cannot_tag_or_distribute(shop, agent, teammate):
    with pytest.raises(Forbidden):
        tag_customers(actor=agent, criteria={}, tag="高价值")
    with pytest.raises(Forbidden):
        distribute_customers(actor=agent, customer_ids=[shop[0].pk], agent_ids=[teammate.pk])

    assert Customer.objects.filter(owner__isnull=False).count() == 0
    assert not Event.objects.filter(name="customer.assigned").exists()


def test_the_preview_balances_open_load_and_writes_nothing(supervisor, agent, teammate):
    busy(agent, 4)
    new = [CustomerFactory() for _n in range(6)]

    plan = plan_distribution(
        actor=supervisor, customer_ids=[c.pk for c in new], agent_ids=[agent.pk, teammate.pk]
    )

    assert [(s.agent, s.load, len(s.customers)) for s in plan.shares] == [
        (agent, 4, 1),
        (teammate, 0, 5),
    ]
    assert Customer.objects.filter(pk__in=[c.pk for c in new], owner__isnull=False).count() == 0
    assert not Event.objects.filter(name="customer.assigned").exists()


def test_a_skilled_agent_gets_the_customers_of_their_product_despite_some_load(
    shop, supervisor, agent, teammate
):
    gold_sz, gold_hz, _silver_sz = shop
    set_agent_skills(actor=supervisor, agent=agent, skills=[("product", "PHONE-X1")])
    set_agent_skills(actor=supervisor, agent=teammate, skills=[("category", "小家电")])
    busy(agent, 2)

    plan = plan_distribution(
        actor=supervisor,
        customer_ids=[gold_sz.pk, gold_hz.pk],
        agent_ids=[agent.pk, teammate.pk],
    )

    assert plan.owner_of() == {gold_sz.pk: agent, gold_hz.pk: teammate}
    assert [s.skilled for s in plan.shares] == [1, 1]


def test_confirming_assigns_and_opens_a_seven_day_first_contact_deadline(
    supervisor, agent, teammate
):
    new = [CustomerFactory() for _n in range(4)]
    ids, agents = [c.pk for c in new], [agent.pk, teammate.pk]
    with time_machine.travel(NOW, tick=False):
        preview = plan_distribution(actor=supervisor, customer_ids=ids, agent_ids=agents)
        distribute_customers(
            actor=supervisor, customer_ids=ids, agent_ids=agents, fingerprint=preview.fingerprint
        )

    owners = dict(Customer.objects.filter(pk__in=ids).values_list("pk", "owner_id"))
    assert sorted(owners.values()) == [agent.pk, agent.pk, teammate.pk, teammate.pk]
    deadlines = Deadline.objects.filter(kind="customer.first_contact", subject_id__in=map(str, ids))
    assert deadlines.count() == 4
    assert {d.due_at for d in deadlines} == {NOW + timedelta(days=7)}
    assert {(int(d.subject_id), d.owner_id) for d in deadlines} == set(owners.items())
    assert Event.objects.filter(name="customer.assigned").count() == 4


def test_a_stale_preview_is_refused_and_nothing_is_assigned(supervisor, agent, teammate):
    new = [CustomerFactory() for _n in range(2)]
    ids, agents = [c.pk for c in new], [agent.pk, teammate.pk]
    preview = plan_distribution(actor=supervisor, customer_ids=ids, agent_ids=agents)
    busy(teammate, 5)  # meanwhile the teammate got busy

    with pytest.raises(Conflict):
        distribute_customers(
            actor=supervisor, customer_ids=ids, agent_ids=agents, fingerprint=preview.fingerprint
        )

    assert Customer.objects.filter(pk__in=ids, owner__isnull=False).count() == 0
    assert not Deadline.objects.filter(subject_id__in=map(str, ids)).exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.TECH_SUPPORT])
def test_only_active_agents_receive_customers(supervisor, team, role):
    other = make_user("other", role, team)
    customer = CustomerFactory()

    with pytest.raises(InvalidInput):
        plan_distribution(actor=supervisor, customer_ids=[customer.pk], agent_ids=[other.pk])


def test_recording_the_contact_meets_the_deadline(supervisor, agent):
    customer = CustomerFactory()
    with time_machine.travel(NOW, tick=False):
        distribute_customers(actor=supervisor, customer_ids=[customer.pk], agent_ids=[agent.pk])
    customer.refresh_from_db()

    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        record_contact(actor=agent, customer=customer, text="电话沟通，客户希望了解新款耳机")

    deadline = Deadline.objects.get(kind="customer.first_contact", subject_id=str(customer.pk))
    assert (deadline.met_at, deadline.breached_at) == (NOW + timedelta(days=3), None)
    customer.refresh_from_db()
    assert customer.last_contacted_at == NOW + timedelta(days=3)
    assert customer.notes.get().text == "电话沟通，客户希望了解新款耳机"


def test_when_an_agent_leaves_their_customers_go_to_the_rest_of_the_team(
    supervisor, agent, teammate, team
):
    third = make_user("third", Role.AGENT, team)
    mine = [CustomerFactory() for _n in range(4)]
    distribute_customers(actor=supervisor, customer_ids=[c.pk for c in mine], agent_ids=[agent.pk])

    plan = reassign_agent_customers(actor=supervisor, agent=agent)

    assert [(s.agent, len(s.customers)) for s in plan.shares] == [(teammate, 2), (third, 2)]
    assert not Customer.objects.filter(owner=agent).exists()
    open_now = Deadline.objects.open().filter(kind="customer.first_contact")
    assert sorted(open_now.values_list("owner_id", flat=True)) == sorted(
        [teammate.pk, teammate.pk, third.pk, third.pk]
    )
    assert Deadline.objects.filter(owner=agent, cancelled_at__isnull=False).count() == 4
