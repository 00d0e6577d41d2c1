"""PIPL erasure: every personal value of a customer gone from every table and from the logs,
while the rows statistics count stay (C-05)."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, Forbidden
from kefu.core.events import record_event
from kefu.core.models import AuditEntry, Event
from kefu.core.personal import ERASED, registered_models
from kefu.customers.handlers import search_document
from kefu.customers.models import Customer, Note
from kefu.customers.privacy import erase_customer
from kefu.customers.services import add_note, reveal_personal_data, update_customer
from kefu.search.models import SearchDocument
from kefu.search.services import index_documents
from kefu.surveys.models import SurveyResponse
from kefu.tickets.handlers import ticket_search_document
from kefu.tickets.models import Attachment, Ticket, TicketMessage
from tests.catalog.factories import OrderFactory
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory
from tests.notify.factories import MessageFactory
from tests.surveys.factories import ResponseFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("C-05")

NAME, PHONE, EMAIL = "欧阳娜娜", "+8613512345678", "ouyang.nana@example.cn"
ADDRESS, WECHAT = "深圳市南山区科技园路88号", "ouyang_nana88"
SECRETS = [NAME, PHONE, "13512345678", "135 1234 5678", EMAIL, ADDRESS, WECHAT, "1991-03-08"]


def occurrences(value: str) -> list[str]:
    """Every table.column of the database whose text holds ``value``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                as_text = f"CAST({name} AS TEXT)"
                sql = f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE {as_text} LIKE %s"  # noqa: E501
                cursor.execute(sql, [f"%{value}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


@pytest.fixture
def held(agent, settings, tmp_path):
    """A customer known to every app: profile, note, order, ticket with messages and a file,
    complaint, survey answer, notification, search documents, audit lines and events."""
    settings.MEDIA_ROOT = tmp_path
    customer = CustomerFactory(
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        wechat_id=WECHAT,
        birthday=date(1991, 3, 8),
        owner=agent,
        team=agent.team,
        preferences=f"喜欢微信联系 {WECHAT}",
    )
    customer = update_customer(
        actor=agent, customer=customer, version=1, changes={"city": "深圳市"}
    )
    add_note(
        actor=agent, customer=customer, text=f"客户说手机 135 1234 5678 晚上打，地址 {ADDRESS}"
    )
    reveal_personal_data(actor=agent, customer=customer, fields=["phone", "address"])
    OrderFactory(customer=customer)
    ticket = TicketFactory(
        customer=customer,
        category="product_quality",
        description=f"{NAME}的手机无法开机，回电 13512345678",
    )
    TicketMessage.objects.create(
        ticket=ticket, direction="in", body=f"请发到 {EMAIL}", channel="web"
    )
    attachment = Attachment.objects.create(
        ticket=ticket,
        original_name=f"{NAME}-发票.jpg",
        content_type="image/jpeg",
        size=3,
        sha256="0",
    )
    attachment.file.save("invoice.jpg", ContentFile(b"jpg"))
    ComplaintFactory(customer=customer, content=f"我是{NAME}，地址{ADDRESS}")
    ResponseFactory(survey__ticket=ticket, overall=2, comment=f"{NAME}很不满意")
    event = record_event(
        "ticket.progress", subject=ticket, customer_id=customer.pk, payload={"customer_name": NAME}
    )
    MessageFactory(event=event, customer_id=customer.pk, recipient=PHONE, body=f"{NAME}您好")
    record_audit(actor=agent, action="ticket.noted", subject=ticket, summary=f"回电 {PHONE}")
    index_documents([search_document(customer), ticket_search_document(ticket)])
    return customer, ticket, attachment


def test_erasure_leaves_no_personal_value_in_any_table_or_log(held, supervisor, caplog):
    customer, _ticket, attachment = held
    assert all(occurrences(secret) for secret in SECRETS)  # the scan does find them before
    caplog.set_level(logging.DEBUG)

    erased = erase_customer(actor=supervisor, customer=customer)

    assert {secret: occurrences(secret) for secret in SECRETS} == {key: [] for key in SECRETS}
    assert not any(secret in caplog.text for secret in SECRETS)
    assert not attachment.file.storage.exists(attachment.file.name)
    assert erased["tickets.ticket"] == 1
    assert erased["customers.note"] == 1
    customer.refresh_from_db()
    assert (customer.name, customer.phone, customer.email, customer.birthday) == (
        ERASED,
        "",
        "",
        None,
    )
    assert customer.erased_at is not None
    assert not SearchDocument.objects.filter(kind__in=["customer", "ticket"]).exists()


def test_erasure_keeps_what_statistics_count(held, supervisor):
    customer, ticket, _attachment = held

    erase_customer(actor=supervisor, customer=customer)

    ticket.refresh_from_db()
    assert (ticket.customer_id, ticket.category, ticket.status) == (
        customer.pk,
        "product_quality",
        "new",
    )
    assert ticket.description == ERASED
    assert SurveyResponse.objects.get(survey__ticket=ticket).overall == 2
    assert TicketMessage.objects.get(ticket=ticket).body == ERASED
    assert Note.objects.filter(customer=customer).count() == 1
    assert Customer.objects.get(pk=customer.pk).city == "深圳市"
    assert customer.orders.count() == 1
    audit = AuditEntry.objects.filter(action="customer.erased").get()
    assert (audit.actor_id, audit.subject_id) == (supervisor.pk, str(customer.pk))
    assert Event.objects.filter(name="customer.erased", customer_id=customer.pk).count() == 1


def test_a_customer_is_erased_once(held, supervisor):
    customer, _ticket, _attachment = held
    erase_customer(actor=supervisor, customer=customer)

    with pytest.raises(Conflict):
        erase_customer(actor=supervisor, customer=customer)

    assert AuditEntry.objects.filter(action="customer.erased").count() == 1


def test_an_agent_cannot_erase_and_nothing_changes(held, agent):
    customer, ticket, _attachment = held

    with pytest.raises(Forbidden):
        erase_customer(actor=agent, customer=customer)

    assert Customer.objects.get(pk=customer.pk).name == NAME
    assert Ticket.objects.get(pk=ticket.pk).description.startswith(NAME)
    assert not Event.objects.filter(name="customer.erased").exists()


def test_every_model_that_reaches_a_customer_is_declared_for_erasure(db):
    """The registry is complete: a model with a foreign key path to a customer, or a
    ``customer_id`` column, that is not declared would keep personal data after erasure."""
    declared = set(registered_models())
    reaching = {Customer}
    for _round in range(4):
        for model in apps.get_models():
            fields = model._meta.concrete_fields
            if any(f.is_relation and f.related_model in reaching for f in fields) or any(
                f.name == "customer_id" for f in fields
            ):
                reaching.add(model)
    assert sorted(m._meta.label for m in reaching - declared) == []
