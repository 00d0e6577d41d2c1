"""Tickets for tests, in any state of the table, without going through the services."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kefu.tickets.models import Escalation, Solution, Ticket
from tests.customers.factories import CustomerFactory


class TicketFactory(DjangoModelFactory):
    """A web ticket about a phone that will not start; ``status`` and ``team`` as given."""

    class Meta:
        model = Ticket

    number = factory.Sequence(lambda n: f"T990101{n:04d}")
    customer = factory.SubFactory(CustomerFactory)
    description = "手机无法开机"
    demand = "希望尽快修复"
    channel = "web"
    status = "new"


class SolutionFactory(DjangoModelFactory):
    class Meta:
        model = Solution

    ticket = factory.SubFactory(TicketFactory)
    kind = "exchange"
    status = "offered"
    offered_at = factory.LazyFunction(timezone.now)


class EscalationFactory(DjangoModelFactory):
    class Meta:
        model = Escalation

    ticket = factory.SubFactory(TicketFactory)
    target = "supervisor"
    reason = "客户要求赔偿，超出权限"
