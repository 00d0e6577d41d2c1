"""What the search tests share: cheap passwords, English messages, indexing helpers."""

from __future__ import annotations

import pytest
from django.utils import translation

from kefu.search.queries import search
from kefu.search.services import index_documents
from kefu.tickets.handlers import ticket_search_document
from kefu.tickets.models import Ticket


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def index_tickets(*tickets: Ticket) -> None:
    """Index tickets made by factories (services index through the outbox instead)."""
    index_documents(ticket_search_document(t) for t in tickets)


def found(actor, query: str, **options) -> list[int]:
    """The object ids ``actor`` finds for ``query``, in rank order."""
    return [hit.object_id for hit in search(actor, query, **options).items]


@pytest.fixture
def customer(team):
    """A customer of the agent's team."""
    from tests.customers.factories import CustomerFactory

    return CustomerFactory(name="王伟", phone="+8613912345678", team=team)


@pytest.fixture
def order(customer):
    """Order DD20260302001 of that customer."""
    from tests.catalog.factories import OrderFactory

    return OrderFactory(number="DD20260302001", customer=customer)
