"""Changing a profile with an optimistic lock: a stale version changes nothing (C-01)."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event
from kefu.customers.services import update_customer
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("C-01")


@pytest.fixture
def customer(agent, team):
    return CustomerFactory(
        name="王芳", owner=agent, team=team, phone="+8613812345678", city="深圳市"
    )


def test_an_update_with_the_version_read_is_saved_and_bumps_the_version(agent, customer):
    saved = update_customer(
        actor=agent,
        customer=customer,
        version=1,
        changes={"city": "广州市", "phone": "13912345678", "tags": ["VIP"]},
    )

    customer.refresh_from_db()
    assert (customer.city, customer.phone, customer.version) == ("广州市", "+8613912345678", 2)
    assert saved.version == 2
    assert list(customer.tags.values_list("name", flat=True)) == ["VIP"]
    event = Event.objects.get(name="customer.updated")
    assert event.payload == {"fields": ["city", "phone", "tags"]}
    audit = AuditEntry.objects.get(action="customer.updated")
    assert audit.data == {"fields": ["city", "phone", "tags"]}
    assert "13912345678" not in str(audit.data) + str(event.payload)


def test_a_stale_version_is_refused_with_409_and_nothing_changes(agent, teammate, customer):
    update_customer(actor=teammate, customer=customer, version=1, changes={"city": "广州市"})
    mine = type(customer).objects.get(pk=customer.pk)
    mine.version = 1  # what this agent read before the teammate saved

    with pytest.raises(Conflict) as refused:
        update_customer(actor=agent, customer=mine, version=1, changes={"city": "佛山市"})

    assert refused.value.status == 409
    assert refused.value.code == "stale_version"
    customer.refresh_from_db()
    assert (customer.city, customer.version) == ("广州市", 2)
    assert Event.objects.filter(name="customer.updated").count() == 1


def test_a_wrong_phone_on_update_changes_nothing(agent, customer):
    with pytest.raises(InvalidInput):
        update_customer(
            actor=agent, customer=customer, version=1, changes={"phone": "1234", "city": "广州市"}
        )

    customer.refresh_from_db()
    assert (customer.phone, customer.city, customer.version) == ("+8613812345678", "深圳市", 1)
    assert Event.objects.count() == 0


def test_taking_another_customers_phone_is_refused(agent, customer, team):
    other = CustomerFactory(phone="+8613500000001", team=team)

    with pytest.raises(Conflict) as refused:
        update_customer(actor=agent, customer=customer, version=1, changes={"phone": "13500000001"})

    assert refused.value.fields["existing_customer_id"] == str(other.pk)


def test_keeping_ones_own_phone_is_not_a_duplicate(agent, customer):
    update_customer(
        actor=agent,
        customer=customer,
        version=1,
        changes={"phone": "+86 138 1234 5678", "name": "王芳芳"},
    )

    customer.refresh_from_db()
    assert customer.name == "王芳芳"
    assert Event.objects.get(name="customer.updated").payload == {"fields": ["name"]}


def test_an_agent_of_another_team_cannot_update(other_team_agent, customer):
    with pytest.raises(Forbidden):
        update_customer(
            actor=other_team_agent, customer=customer, version=1, changes={"city": "广州市"}
        )

    customer.refresh_from_db()
    assert customer.version == 1
    assert Event.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_an_agent_cannot_reassign_but_a_supervisor_can(agent, teammate, supervisor, customer):
    with pytest.raises(Forbidden):
        update_customer(
            actor=agent, customer=customer, version=1, changes={"owner_id": teammate.pk}
        )

    update_customer(
        actor=supervisor, customer=customer, version=1, changes={"owner_id": teammate.pk}
    )

    customer.refresh_from_db()
    assert (customer.owner_id, customer.version) == (teammate.pk, 2)


def test_withdrawing_marketing_consent_is_recorded_with_its_time(agent, customer):
    update_customer(actor=agent, customer=customer, version=1, changes={"marketing_consent": True})
    customer.refresh_from_db()
    first = customer.marketing_consent_at

    update_customer(actor=agent, customer=customer, version=2, changes={"marketing_consent": False})

    customer.refresh_from_db()
    assert customer.marketing_consent is False
    assert customer.marketing_consent_at >= first
