"""Ticket import from another helpdesk (CSV, Excel or JSON lines): bulk writes, then the index.

Re-runnable: a ticket is found again by its external id and updated (its messages replaced),
never duplicated. Customers are matched by phone, then email, and created when new. A bad row
is reported (row, column, message) and the others are kept. Imported tickets and customers are
history: they are written in bulk without events, so no outbox handler runs for them — no
progress notice reaches a customer and no deadline opens — and put in the search index in bulk
here; one audit entry records the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog import import_cells as cells
from kefu.catalog.imports import RowError, _read, max_bytes
from kefu.core.audit import record_audit
from kefu.core.models import Channel, User
from kefu.core.permissions import MANAGERS, register, require
from kefu.customers.models import Customer
from kefu.search.pool import index_in_bulk
from kefu.search.registry import provider
from kefu.tickets import import_rows
from kefu.tickets.handlers import ticket_search_documents
from kefu.tickets.import_rows import Record
from kefu.tickets.models import (
    NO_DEADLINE,
    OPEN_STATUSES,
    Status,
    Ticket,
    TicketMessage,
    TicketSequence,
)

CHUNK = 500  # tickets per transaction
CUSTOMER_KIND = "customer"  # the customers app's search kind
UPDATED = (
    "customer",
    "description",
    "status",
    "channel",
    "created_at",
    "resolved_at",
    "closed_at",
    "queue_due_at",
)

register("ticket.import", roles=MANAGERS)


@dataclass
class TicketImportReport:
    filename: str
    rows: int = 0
    tickets_created: int = 0
    tickets_updated: int = 0
    customers_created: int = 0
    indexed: int = 0
    new_customer_ids: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows_failed(self) -> int:
        return len({e.row for e in self.errors})


def _records(content: bytes, filename: str) -> tuple[list[Record], list[RowError], int]:
    if filename.lower().endswith((".jsonl", ".ndjson", ".json")):
        return import_rows.json_records(content)
    return import_rows.table_records(cells.rows_of(content, filename))


def import_tickets(
    *, actor: User | None, file: IO[bytes], filename: str, workers: int | None = None
) -> TicketImportReport:
    """Create or update tickets, their messages and customers from an export file.

    ``actor`` None is the trusted command line. Implements the bulk import of issue 15
    (A-01 tickets from another system; C-02 customer matching).
    """
    if actor is not None:
        require(actor, "ticket.import")
    good, errors, rows = _records(_read(file, max_bytes()), filename)
    report = TicketImportReport(filename=filename, rows=rows, errors=errors)
    ids: list[int] = []
    for start in range(0, len(good), CHUNK):
        ids += _write_chunk(good[start : start + CHUNK], report)
    report.indexed = _index(ids, workers)
    _index_customers(report.new_customer_ids, workers)
    report.errors.sort(key=lambda e: (e.row, e.column))
    record_audit(
        actor=actor,
        action="tickets.imported",
        summary=filename[:100],
        data={
            "rows": report.rows,
            "failed": report.rows_failed,
            "created": report.tickets_created,
            "updated": report.tickets_updated,
            "customers_created": report.customers_created,
        },
    )
    return report


def _customers(chunk: list[Record], report: TicketImportReport) -> dict[str, Customer]:
    """external id → customer: matched as ``match_or_create_customer`` matches (phone or other
    phone, then email; both of two different customers is refused), read for the whole chunk
    in one query; new ones created in bulk (history: no events, indexed with the tickets)."""
    phones = {r.values.get("phone") for r in chunk} - {"", None}
    emails = {r.values.get("email") for r in chunk} - {"", None}
    by_phone: dict[str, Customer] = {}
    by_email: dict[str, Customer] = {}
    for customer in Customer.objects.filter(
        Q(phone__in=phones) | Q(alt_phone__in=phones) | Q(email__in=emails)
    ):
        by_phone.update({n: customer for n in (customer.phone, customer.alt_phone) if n})
        by_email.update({customer.email: customer} if customer.email else {})
    found, new = {}, []
    for record in chunk:
        phone, email = record.values.get("phone", ""), record.values.get("email", "")
        match = [c for c in (by_phone.get(phone), by_email.get(email)) if c is not None]
        if len({id(c) for c in match}) > 1:
            column = record.names.get("phone") or record.names.get("email", "")
            message = _("The phone number and the email belong to two different customers.")
            report.errors.append(RowError(record.row, column, message))
            continue
        if not match:
            match = [Customer(name=record.values["customer_name"], phone=phone, email=email)]
            match[0].source_channel = record.values.get("channel") or Channel.WEB
            new.append(match[0])
            by_phone.update({phone: match[0]} if phone else {})
            by_email.update({email: match[0]} if email else {})
        found[record.values["external_id"]] = match[0]
    Customer.objects.bulk_create(new)
    report.customers_created += len(new)
    report.new_customer_ids += [c.pk for c in new]
    return found


def _fill(ticket: Ticket, record: Record, customer: Customer) -> Ticket:
    values = record.values
    status = values.get("status") or (Status.CLOSED if values.get("closed_at") else Status.NEW)
    finished = status in (Status.RESOLVED, Status.CLOSED)
    ticket.customer = customer
    ticket.description = values["subject"]
    ticket.status = status
    ticket.channel = values.get("channel") or Channel.WEB
    ticket.created_at = values["created_at"]
    ticket.resolved_at = (values.get("closed_at") or values["created_at"]) if finished else None
    ticket.closed_at = ticket.resolved_at if status == Status.CLOSED else None
    ticket.queue_due_at = NO_DEADLINE if status in OPEN_STATUSES else None
    return ticket


@transaction.atomic
def _write_chunk(chunk: list[Record], report: TicketImportReport) -> list[int]:
    """Tickets and messages of ``chunk`` in bulk; returns the tickets' ids."""
    customers = _customers(chunk, report)
    chunk = [r for r in chunk if r.values["external_id"] in customers]
    existing = Ticket.objects.in_bulk(
        [r.values["external_id"] for r in chunk], field_name="external_id"
    )
    old, new = [], []
    for record in chunk:
        ticket = existing.get(record.values["external_id"])
        target = old if ticket is not None else new
        ticket = ticket or Ticket(external_id=record.values["external_id"])
        target.append(_fill(ticket, record, customers[record.values["external_id"]]))
    _number(new)
    Ticket.objects.bulk_create(new)
    Ticket.objects.bulk_update(old, list(UPDATED))
    report.tickets_created += len(new)
    report.tickets_updated += len(old)
    tickets = {t.external_id: t for t in [*old, *new]}
    TicketMessage.objects.filter(ticket__in=old).delete()
    TicketMessage.objects.bulk_create(_messages(chunk, tickets))
    return [t.pk for t in tickets.values()]


def _messages(chunk: list[Record], tickets: dict[str, Ticket]) -> Iterable[TicketMessage]:
    for record in chunk:
        ticket = tickets[record.values["external_id"]]
        for at, direction, body in record.messages:
            yield TicketMessage(
                ticket=ticket, direction=direction, body=body, channel=ticket.channel, created_at=at
            )


def _number(tickets: list[Ticket]) -> None:
    """Numbers from the day each ticket was created, as intake numbers them (the day's counter
    bumped once per day for the whole chunk, under its row lock)."""
    by_day: dict[object, list[Ticket]] = {}
    for ticket in tickets:
        by_day.setdefault(timezone.localdate(ticket.created_at), []).append(ticket)
    for day, group in by_day.items():
        TicketSequence.objects.get_or_create(day=day)
        TicketSequence.objects.filter(day=day).update(last=F("last") + len(group))
        last = TicketSequence.objects.filter(day=day).values_list("last", flat=True).get()
        for n, ticket in enumerate(group, start=last - len(group) + 1):
            ticket.number = f"T{day:%y%m%d}{n:04d}"


def _index_customers(ids: list[int], workers: int | None) -> None:
    """The new customers into the search index, as their provider describes them."""
    if ids:
        wanted, kind = set(ids), provider(CUSTOMER_KIND)
        documents = kind.documents_after(min(ids) - 1)  # type: ignore[union-attr]
        index_in_bulk((d for d in documents if d.object_id in wanted), workers=workers)


def _index(ids: list[int], workers: int | None) -> int:
    """The imported tickets into the search index, in bulk (tokenised on every core)."""
    if not ids:
        return 0
    wanted = set(ids)
    documents = ticket_search_documents(after=min(ids) - 1)
    return index_in_bulk((d for d in documents if d.object_id in wanted), workers=workers)
