"""Customer pages: list, form, and the 360 view with masked fields and audited show."""

from __future__ import annotations

from datetime import date

import pytest

from kefu.core.events import record_event
from kefu.core.models import AuditEntry
from kefu.customers.models import Customer
from tests.catalog.factories import CategoryFactory, OrderFactory, ProductFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def customer(agent, team):
    return CustomerFactory(
        name="王芳",
        owner=agent,
        team=team,
        phone="+8613812345678",
        email="wangfang@example.cn",
        address="广东省深圳市南山区科技园路1号",
    )


@pytest.mark.req("C-01", "C-05")
def test_the_list_shows_visible_customers_with_masked_phones(agent, customer, other_team_agent):
    CustomerFactory(name="赵敏", owner=other_team_agent, team=other_team_agent.team)

    response = client_for(agent).get("/customers/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "王芳" in html
    assert "138****5678" in html
    assert "+8613812345678" not in html
    assert "赵敏" not in html


@pytest.mark.req("C-01")
def test_the_list_filters_by_member_level(agent, team, customer):
    CustomerFactory(name="钱多多", owner=agent, team=team, member_level="diamond")

    html = client_for(agent).get("/customers/?level=diamond").content.decode()

    assert "钱多多" in html
    assert "王芳" not in html


@pytest.mark.req("C-01")
def test_an_agent_creates_a_customer_from_the_form(agent):
    response = client_for(agent).post(
        "/customers/new/",
        {
            "name": "孙丽",
            "gender": "female",
            "phone": "13600001111",
            "member_level": "none",
            "source_channel": "phone",
            "tags": "新客，电话咨询",
        },
    )

    created = Customer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{created.pk}/"
    assert (created.phone, created.owner_id) == ("+8613600001111", agent.pk)
    assert sorted(created.tags.values_list("name", flat=True)) == ["新客", "电话咨询"]


@pytest.mark.req("C-01")
def test_a_wrong_phone_on_the_form_is_shown_in_place_and_nothing_is_saved(agent):
    response = client_for(agent).post(
        "/customers/new/",
        {
            "name": "孙丽",
            "gender": "female",
            "phone": "12345",
            "member_level": "none",
            "source_channel": "phone",
        },
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="form-errors"' in html
    assert "手机号码格式不正确" in html
    assert Customer.objects.count() == 0


@pytest.mark.req("C-01")
def test_editing_after_someone_else_saved_shows_the_conflict(agent, teammate, customer):
    client_for(teammate).post(
        f"/customers/{customer.pk}/edit/",
        {
            "version": 1,
            "name": "王芳",
            "gender": "unknown",
            "member_level": "gold",
            "source_channel": "web",
        },
    )

    response = client_for(agent).post(
        f"/customers/{customer.pk}/edit/",
        {
            "version": 1,
            "name": "王小芳",
            "gender": "unknown",
            "member_level": "none",
            "source_channel": "web",
        },
    )

    assert response.status_code == 422
    customer.refresh_from_db()
    assert (customer.name, customer.member_level, customer.version) == ("王芳", "gold", 2)
    assert customer.phone == "+8613812345678"  # left empty on the form: kept


@pytest.mark.req("C-05", "C-04")
def test_the_360_page_masks_personal_data_and_offers_show_buttons(agent, customer):
    html = client_for(agent).get(f"/customers/{customer.pk}/").content.decode()

    assert "138****5678" in html
    assert "w***@example.cn" in html
    assert "+8613812345678" not in html
    assert "科技园路" not in html
    assert f'hx-post="/customers/{customer.pk}/reveal/phone/"' in html
    assert AuditEntry.objects.count() == 0


@pytest.mark.req("C-05")
def test_show_swaps_in_the_full_value_and_is_audited(agent, customer):
    response = client_for(agent).post(f"/customers/{customer.pk}/reveal/address/", **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "广东省深圳市南山区科技园路1号" in html
    assert "<html" not in html
    entry = AuditEntry.objects.get(action="customer.personal_viewed")
    assert entry.data == {"fields": ["address"]}


@pytest.mark.req("C-05")
def test_tech_support_sees_no_show_buttons_and_cannot_reveal(tech_support, customer):
    client = client_for(tech_support)

    page = client.get(f"/customers/{customer.pk}/").content.decode()
    reveal = client.post(f"/customers/{customer.pk}/reveal/phone/", **HTMX)

    assert "138****5678" in page
    assert "/reveal/" not in page
    assert reveal.status_code == 403
    assert AuditEntry.objects.count() == 0


@pytest.mark.req("C-04")
def test_the_360_page_shows_orders_with_verdicts_and_the_timeline(agent, customer, settings):
    phone = ProductFactory(name="智能手机 X1", category=CategoryFactory(name="手机数码"))
    order = OrderFactory(
        customer=customer, number="DD20260001", items=[phone], delivered_on=date(2026, 1, 2)
    )
    record_event(
        "order.created", subject=order, customer_id=customer.pk, payload={"number": order.number}
    )

    html = client_for(agent).get(f"/customers/{customer.pk}/").content.decode()

    assert 'data-order="DD20260001"' in html
    assert "智能手机 X1" in html
    assert 'data-verdict="' in html
    assert "订单 DD20260001 已下单" in html


@pytest.mark.req("C-04")
def test_adding_a_note_with_htmx_returns_the_new_timeline(agent, customer):
    response = client_for(agent).post(
        f"/customers/{customer.pk}/notes/", {"text": "已回电，客户满意"}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="timeline"' in html
    assert "已回电，客户满意" in html
    assert "<html" not in html
    assert customer.notes.get().text == "已回电，客户满意"


@pytest.mark.req("C-04")
def test_an_empty_note_shows_the_error_in_the_timeline_form(agent, customer):
    response = client_for(agent).post(f"/customers/{customer.pk}/notes/", {"text": ""}, **HTMX)

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert customer.notes.count() == 0


@pytest.mark.req("P-01")
def test_another_teams_360_page_is_404(other_team_agent, customer):
    assert client_for(other_team_agent).get(f"/customers/{customer.pk}/").status_code == 404
