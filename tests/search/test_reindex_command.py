"""`kefu manage reindex`: the index rebuilt from the records; vanished records leave it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kefu.search.models import SearchDocument
from kefu.search.services import index_document
from tests.customers.factories import CustomerFactory
from tests.knowledge.factories import ArticleFactory
from tests.search.conftest import found
from tests.tickets.factories import TicketFactory


def test_reindex_puts_every_record_in_and_takes_vanished_ones_out(supervisor):
    ticket = TicketFactory(description="申请退款")
    article = ArticleFactory(title="退款须知")
    index_document(kind="ticket", object_id=999_999, title="gone", body="退款")
    out = StringIO()

    call_command("reindex", stdout=out)

    assert found(supervisor, "退款", kinds=["ticket"]) == [ticket.pk]
    assert article.pk in found(supervisor, "退款须知", kinds=["article"])
    assert not SearchDocument.objects.filter(object_id=999_999).exists()
    assert "ticket: 1 indexed, 1 removed" in out.getvalue()
    assert SearchDocument.objects.filter(kind="customer", object_id=ticket.customer_id).exists()


def test_reindex_of_one_kind_leaves_the_others(supervisor):
    customer = CustomerFactory(name="赵敏")
    call_command("reindex", "--kind", "customer", stdout=StringIO())

    assert found(supervisor, "赵敏") == [customer.pk]
    assert not SearchDocument.objects.filter(kind="ticket").exists()


def test_reindex_refuses_an_unknown_kind(db):
    with pytest.raises(CommandError):
        call_command("reindex", "--kind", "invoice", stdout=StringIO())
