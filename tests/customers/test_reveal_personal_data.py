"""Personal data is masked; showing it is an audited act some roles may not do (C-05)."""

from __future__ import annotations

import datetime

import pytest

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.models import AuditEntry
from kefu.customers.masking import masked_values
from kefu.customers.services import reveal_personal_data
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("C-05")


@pytest.fixture
def customer(agent, team):
    return CustomerFactory(
        name="王芳",
        owner=agent,
        team=team,
        phone="+8613812345678",
        email="wangfang@example.cn",
        address="广东省深圳市南山区科技园路1号",
        birthday=datetime.date(1990, 5, 12),
        wechat_id="wangfang_88",
    )


def test_masked_values_hide_the_middle_of_each_field(customer):
    assert masked_values(customer) == {
        "phone": "138****5678",
        "alt_phone": "",
        "email": "w***@example.cn",
        "wechat_id": "w***",
        "address": "广东省深圳市****",
        "birthday": "****-05-12",
    }


def test_the_owner_reveals_fields_and_the_audit_names_them_without_values(agent, customer):
    values = reveal_personal_data(actor=agent, customer=customer, fields=["phone", "address"])

    assert values == {"phone": "+8613812345678", "address": "广东省深圳市南山区科技园路1号"}
    entry = AuditEntry.objects.get(action="customer.personal_viewed")
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (
        agent.pk,
        "customers.customer",
        str(customer.pk),
    )
    assert entry.data == {"fields": ["phone", "address"]}
    for value in values.values():
        assert value not in str(entry.data) + entry.summary


@pytest.mark.parametrize("role", ["teammate", "supervisor", "manager", "admin_user"])
def test_team_members_and_supervisors_may_reveal(request, role, customer):
    actor = request.getfixturevalue(role)

    assert reveal_personal_data(actor=actor, customer=customer, fields=["birthday"]) == {
        "birthday": "1990-05-12"
    }
    assert AuditEntry.objects.filter(action="customer.personal_viewed").count() == 1


@pytest.mark.parametrize("role", ["tech_support", "other_team_agent"])
def test_tech_support_and_other_teams_are_refused_and_nothing_is_audited(request, role, customer):
    actor = request.getfixturevalue(role)

    with pytest.raises(Forbidden):
        reveal_personal_data(actor=actor, customer=customer, fields=["phone"])

    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("fields", [[], ["name"], ["phone", "password"], ["owner_id"]])
def test_asking_for_unknown_fields_is_refused_and_not_audited(agent, customer, fields):
    with pytest.raises(InvalidInput):
        reveal_personal_data(actor=agent, customer=customer, fields=fields)

    assert AuditEntry.objects.count() == 0
