"""Tickets for tests, in any state of the table, without going through the services."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kefu.tickets.models import NO_DEADLINE, OPEN_STATUSES, Escalation, Solution, Ticket
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
    next_due_at = None
    queue_due_at = factory.LazyAttribute(
        lambda t: (t.next_due_at or NO_DEADLINE) if t.status in OPEN_STATUSES else None
    )


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


def ticket_in(status: str, **fields: object) -> Ticket:
    """A ticket in ``status`` with what that state implies: the options on offer, the one the
    customer chose, the satisfaction answer, the ticket it was merged into."""
    now = timezone.now()
    if status == "merged":
        keep = TicketFactory(status="diagnosing", **fields)
        fields = {**fields, "customer": keep.customer, "merged_into": keep, "closed_at": now}
    if status in ("resolved", "closed"):
        fields = {
            **fields,
            "resolved_at": now,
            "satisfaction_asked_at": now,
            "satisfaction_confirmed": True,
        }
    if status == "closed":
        fields = {**fields, "closed_at": now}
    ticket = TicketFactory(status=status, **fields)
    if status == "solution_offered":
        SolutionFactory(ticket=ticket, kind="exchange")
        SolutionFactory(ticket=ticket, kind="refund")
    if status == "in_progress":
        SolutionFactory(
            ticket=ticket, kind="coupon", amount_fen=5000, status="chosen", chosen_at=now
        )
    return ticket
