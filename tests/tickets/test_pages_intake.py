"""Intake pages: the agent's new-ticket form and the customer's public web form, with photos
checked by type and size, a per-address rate limit and CSRF; bad input writes nothing (A-01)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kefu.core.events import pump
from kefu.customers.models import Customer
from kefu.notify.models import Message
from kefu.tickets.models import Attachment, Ticket
from kefu.tickets.services import MAX_ATTACHMENT_BYTES
from kefu.tickets.views.intake import PUBLIC_LIMIT
from tests.conftest import client_for
from tests.tickets.conftest import JPEG, png

pytestmark = pytest.mark.req("A-01", "P-02")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def form_errors(response) -> str:
    return (
        response.content.decode()
        .split('data-testid="form-errors"', 1)[-1]
        .split("</div>\n</div>")[0]
    )


def nothing_written(customers: int = 0) -> bool:
    return (
        not Ticket.objects.exists()
        and not Attachment.objects.exists()
        and Customer.objects.count() == customers
    )


# --- the agent's form ----------------------------------------------------------------------


def test_an_agent_registers_a_phone_ticket_for_a_known_customer(
    statutory_calendar, agent, customer, order
):
    response = client_for(agent).post(
        "/tickets/new/",
        {
            "phone": "139 1234 5678",
            "order_number": order.number,
            "channel": "phone",
            "subtype": "quality_defect",
            "urgent": "on",
            "description": "手机无法开机",
            "demand": "换新",
            "photos": [png("a.png"), png("b.png")],
        },
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.number}/"
    assert (ticket.customer, ticket.order, ticket.channel) == (customer, order, "phone")
    assert (ticket.category, ticket.subtype, ticket.urgent) == (
        "product_quality",
        "quality_defect",
        True,
    )
    assert ticket.first_responded_at is not None  # the agent on the phone is answering now
    assert ticket.attachments.count() == 2


def test_the_agents_form_preselects_a_customer_from_the_360_page(agent, customer):
    response = client_for(agent).get(f"/tickets/new/?customer={customer.pk}")

    assert 'data-testid="preselected"' in response.content.decode()
    assert "王伟" in response.content.decode()


def test_a_bad_phone_on_the_agents_form_is_shown_next_to_the_phone(statutory_calendar, agent):
    response = client_for(agent).post(
        "/tickets/new/",
        {"phone": "12345", "name": "张三", "channel": "phone", "description": "坏了"},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "is-invalid" in html.split('name="phone"', 1)[1].split(">", 1)[0]
    assert nothing_written()


def test_tech_support_may_not_open_tickets(tech_support):
    assert client_for(tech_support).get("/tickets/new/").status_code == 403


# --- the public web form -------------------------------------------------------------------


def submit(client: Client | None = None, **overrides):
    data = {
        "name": "陈静",
        "phone": "138 0013 8000",
        "order_number": "",
        "description": "收到的耳机左耳没有声音",
        "demand": "换一副新的",
        **overrides,
    }
    return (client or Client()).post("/support/", data)


def test_the_public_form_is_served_without_login_and_mobile_friendly(db):
    response = Client().get("/support/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in html


def test_a_customer_sends_the_form_and_gets_a_ticket_number(statutory_calendar, agent):
    client = Client()
    response = submit(client, photos=[png("耳机.png")])

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/support/thanks/"
    thanks = client.get("/support/thanks/")
    assert ticket.number in thanks.content.decode()
    assert (ticket.channel, ticket.customer.name, ticket.customer.phone) == (
        "web",
        "陈静",
        "+8613800138000",
    )
    assert ticket.assignee == agent  # by load (A-01 response deadline has an owner)
    assert ticket.attachments.get().content_type == "image/png"
    pump()
    assert Message.objects.get().template_event == "ticket.received"


def test_a_known_order_of_the_customer_is_linked(statutory_calendar, agent, customer, order):
    submit(phone="13912345678", order_number=order.number)

    assert Ticket.objects.get().order == order


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "手机号"),
        ({"order_number": "DD404"}, "order_number", "未找到该订单号的订单"),
        ({"description": ""}, "description", ""),
        ({"name": ""}, "name", ""),
    ],
)
def test_bad_input_on_the_public_form_is_shown_in_place_and_nothing_is_written(
    statutory_calendar, overrides, field, message
):
    response = submit(**overrides)

    html = response.content.decode()
    assert response.status_code == 422
    assert "is-invalid" in html.split(f'name="{field}"', 1)[1].split(">", 1)[0]
    assert message in html
    assert nothing_written()


def test_someone_elses_order_number_is_answered_as_unknown(statutory_calendar, order):
    response = submit(order_number=order.number)  # a stranger's phone

    assert response.status_code == 422
    assert "未找到该订单号的订单" in response.content.decode()
    assert nothing_written(customers=1)


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (
            SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>", "image/jpeg"),
            "photo.jpg",
        ),
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00", "application/octet-stream"), "JPEG"),
        (SimpleUploadedFile("scan.pdf", b"%PDF-1.4 ...", "application/pdf"), "JPEG"),
    ],
)
def test_a_disguised_or_wrong_type_photo_is_refused(statutory_calendar, photo, message):
    response = submit(photos=[photo])

    assert response.status_code == 422
    assert message in response.content.decode()
    assert nothing_written()


def test_an_oversized_photo_is_refused(statutory_calendar):
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * MAX_ATTACHMENT_BYTES, "image/jpeg")

    response = submit(photos=[big])

    assert response.status_code == 422
    assert "10 MB" in response.content.decode()
    assert nothing_written()


def test_more_than_three_photos_are_refused(statutory_calendar):
    response = submit(photos=[png(f"{i}.png") for i in range(4)])

    assert response.status_code == 422
    assert nothing_written()


def test_the_public_form_is_rate_limited_per_address(statutory_calendar, agent):
    for i in range(PUBLIC_LIMIT):
        assert submit(phone=f"1380013800{i}").status_code == 302

    response = submit(phone="13800138009")

    assert response.status_code == 429
    assert Ticket.objects.count() == PUBLIC_LIMIT
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert submit(other, phone="13800138009").status_code == 302


def test_the_public_form_refuses_a_post_without_the_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post("/support/", {"name": "陈静"})

    assert response.status_code == 403
    assert nothing_written()


def test_the_thanks_page_without_a_submission_goes_back_to_the_form(db):
    response = Client().get("/support/thanks/")

    assert response.status_code == 302
    assert response["Location"] == "/support/"
