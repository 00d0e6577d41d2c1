"""Creating customer profiles: phones in E.164, clear refusals, no duplicates (C-01)."""

from __future__ import annotations

import pytest

from kefu.core.errors import Conflict, Forbidden, InvalidInput
from kefu.core.models import AuditEntry, Event
from kefu.customers.models import Customer
from kefu.customers.services import create_customer
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("C-01")


def test_an_agent_creates_a_customer_they_then_own(agent, team):
    customer = create_customer(
        actor=agent,
        data={
            "name": "王芳",
            "phone": "138 1234 5678",
            "email": " WangFang@Example.CN ",
            "gender": "female",
            "birthday": "1990-05-12",
            "province": "广东省",
            "city": "深圳市",
            "member_level": "gold",
            "tags": ["老客户", "爱提建议", "老客户"],
            "source_channel": "wechat",
            "marketing_consent": True,
        },
    )

    customer.refresh_from_db()
    assert customer.phone == "+8613812345678"
    assert customer.email == "wangfang@example.cn"
    assert str(customer.birthday) == "1990-05-12"
    assert (customer.owner_id, customer.team_id) == (agent.pk, team.pk)
    assert customer.marketing_consent_at is not None
    assert sorted(customer.tags.values_list("name", flat=True)) == ["爱提建议", "老客户"]
    assert customer.version == 1
    event = Event.objects.get(name="customer.created")
    assert (event.customer_id, event.payload) == (customer.pk, {"source_channel": "wechat"})
    assert (
        AuditEntry.objects.filter(action="customer.created", subject_id=str(customer.pk)).count()
        == 1
    )


@pytest.mark.parametrize("phone", ["12345", "138123456789", "abc", "+86 000 0000 0000"])
def test_a_wrong_phone_is_refused_in_chinese_and_nothing_is_written(agent, phone):
    with pytest.raises(InvalidInput) as refused:
        create_customer(actor=agent, data={"name": "李强", "phone": phone})

    assert refused.value.message.startswith("手机号码格式不正确")
    assert refused.value.fields == {"phone": "手机号码格式不正确。"}
    assert Customer.objects.count() == 0
    assert Event.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_landline_with_area_code_is_accepted(agent):
    customer = create_customer(actor=agent, data={"name": "李强", "phone": "010-6552 9988"})

    assert customer.phone == "+861065529988"


def test_a_bad_email_is_refused(agent):
    with pytest.raises(InvalidInput) as refused:
        create_customer(actor=agent, data={"name": "李强", "email": "li@@example"})

    assert refused.value.fields == {"email": "邮箱地址格式不正确。"}
    assert Customer.objects.count() == 0


def test_several_bad_fields_are_reported_together(agent):
    with pytest.raises(InvalidInput) as refused:
        create_customer(actor=agent, data={"name": " ", "phone": "1", "member_level": "vip"})

    assert set(refused.value.fields) == {"name", "phone", "member_level"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "13900000007"),
        ("phone", "+86 139 0000 0007"),
        ("email", "EXISTING@example.cn"),
    ],
)
def test_a_phone_or_email_of_another_customer_is_refused_naming_them(agent, field, value):
    existing = CustomerFactory(phone="+8613900000007", email="existing@example.cn")

    with pytest.raises(Conflict) as refused:
        create_customer(actor=agent, data={"name": "张伟", field: value})

    assert refused.value.status == 409
    assert refused.value.fields["existing_customer_id"] == str(existing.pk)
    assert Customer.objects.count() == 1


def test_the_other_phone_of_a_customer_also_counts_as_taken(agent):
    existing = CustomerFactory(alt_phone="+8613700000001")

    with pytest.raises(Conflict) as refused:
        create_customer(actor=agent, data={"name": "张伟", "phone": "13700000001"})

    assert refused.value.fields["existing_customer_id"] == str(existing.pk)


def test_tech_support_cannot_create_customers(tech_support):
    with pytest.raises(Forbidden):
        create_customer(actor=tech_support, data={"name": "张伟"})

    assert Customer.objects.count() == 0
    assert Event.objects.count() == 0


def test_only_supervisors_assign_an_owner(agent, teammate, supervisor):
    with pytest.raises(Forbidden):
        create_customer(actor=agent, data={"name": "张伟", "owner_id": teammate.pk})

    customer = create_customer(actor=supervisor, data={"name": "张伟", "owner_id": teammate.pk})

    assert (customer.owner_id, customer.team_id) == (teammate.pk, None)
    assert Customer.objects.count() == 1


def test_a_future_birthday_is_refused(agent):
    with pytest.raises(InvalidInput) as refused:
        create_customer(actor=agent, data={"name": "张伟", "birthday": "2999-01-01"})

    assert list(refused.value.fields) == ["birthday"]
