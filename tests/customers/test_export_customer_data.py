"""A customer's copy of their data (PIPL): everything held about them, as JSON and as a real
Excel file with formulas neutralised; audited without values (C-05)."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from kefu.core.errors import Forbidden
from kefu.core.models import AuditEntry
from kefu.customers.privacy import data_as_json, data_as_xlsx, export_customer_data
from kefu.customers.services import add_note
from tests.catalog.factories import OrderFactory
from tests.customers.factories import CustomerFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("C-05")


@pytest.fixture
def customer(agent):
    customer = CustomerFactory(name="欧阳娜娜", phone="+8613512345678", owner=agent)
    add_note(actor=agent, customer=customer, text='=HYPERLINK("http://evil","点我")')
    OrderFactory(customer=customer, number="O-20260105-1")
    TicketFactory(customer=customer, number="T202601050001")
    return customer


def test_the_export_holds_every_record_of_the_customer_across_apps(customer, supervisor):
    data = export_customer_data(actor=supervisor, customer=customer)

    assert data["customers.customer"][0]["phone"] == "+8613512345678"
    assert [n["text"] for n in data["customers.note"]] == ['=HYPERLINK("http://evil","点我")']
    assert [o["number"] for o in data["catalog.order"]] == ["O-20260105-1"]
    assert [t["number"] for t in data["tickets.ticket"]] == ["T202601050001"]
    assert json.loads(data_as_json(data))["customers.customer"][0]["name"] == "欧阳娜娜"
    audit = AuditEntry.objects.get(action="customer.data_exported")
    assert audit.data["models"]["customers.note"] == 1
    assert "欧阳娜娜" not in json.dumps(audit.data, ensure_ascii=False)


def test_the_excel_copy_has_a_sheet_per_record_kind_and_no_live_formula(customer, supervisor):
    data = export_customer_data(actor=supervisor, customer=customer)

    book = load_workbook(io.BytesIO(data_as_xlsx(data)))

    assert {"customers-customer", "customers-note", "catalog-order", "tickets-ticket"} <= set(
        book.sheetnames
    )
    notes = book["customers-note"]
    header = [c.value for c in notes[1]]
    text = notes.cell(row=2, column=header.index("text") + 1)
    assert text.value == '\'=HYPERLINK("http://evil","点我")'
    assert text.data_type == "s"


def test_an_agent_cannot_export_a_customers_data(customer, agent):
    with pytest.raises(Forbidden):
        export_customer_data(actor=agent, customer=customer)

    assert not AuditEntry.objects.filter(action="customer.data_exported").exists()
