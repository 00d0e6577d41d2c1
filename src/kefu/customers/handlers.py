"""Customer events → the search index: find a customer by name, phone tail or order number.

Who finds a customer follows ``customer_q``: supervisors all, others their own and their
team's. The index shows the phone masked (138****5678); the full number is only a token.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy

from kefu.core.models import Event, User
from kefu.core.permissions import SUPERVISORS
from kefu.customers.masking import masked
from kefu.customers.models import Customer
from kefu.search.registry import Document, register_provider
from kefu.search.services import index_documents, remove_document

KIND = "customer"
ORDERS_INDEXED = 100  # the newest order numbers a customer is found by
INDEX_BATCH = 500
URL_MARK = 987654321987  # the id a reindex makes every customer's link from


class SearchedCustomer(NamedTuple):
    """What a reindex reads of a customer, as plain values (model instances cost most of a
    reindex); the names are the customer's own, so a Customer serves where this does."""

    pk: int
    name: str
    phone: str
    alt_phone: str
    province: str
    city: str
    owner_id: int | None
    team_id: int | None
    preferences: str


def _phone_terms(phone: str) -> list[str]:
    national = phone[3:] if phone.startswith("+86") else phone.lstrip("+")
    return [national, national[-4:]] if national else []


def _search_document(
    customer: Customer | SearchedCustomer,
    orders: list[tuple],
    tags: list[str],
    url: str | None = None,
) -> Document:
    newest = sorted(orders, key=lambda o: o[0], reverse=True)[:ORDERS_INDEXED]
    keys = [f"owner:{customer.owner_id}"] if customer.owner_id else []
    if customer.team_id:
        keys.append(f"team:{customer.team_id}")
    place = " ".join(p for p in (customer.province, customer.city) if p)
    return Document(
        kind=KIND,
        object_id=customer.pk,
        title=customer.name,
        body=" · ".join(p for p in (masked("phone", customer.phone), place) if p),
        url=reverse("customers:detail", args=[customer.pk]) if url is None else url,
        hidden="\n".join([*tags, customer.preferences]),
        terms=[
            *_phone_terms(customer.phone),
            *_phone_terms(customer.alt_phone),
            *(number for _at, number in newest),
        ],
        keys=keys,
    )


def search_document(customer: Customer) -> Document:
    """The customer as search shows and finds it."""
    orders = [(o.purchased_at, o.number) for o in customer.orders.all()]  # type: ignore[attr-defined]
    return _search_document(customer, orders, [t.name for t in customer.tags.all()])


def search_documents(after: int = 0) -> Iterator[Document]:
    """Every customer not erased past id ``after``, oldest first (``kefu manage reindex``):
    two thousand at a time, their orders and tags read as plain rows."""
    rows = Customer.objects.filter(erased_at__isnull=True).order_by("pk")
    rows = rows.values_list(*SearchedCustomer._fields)
    url = reverse("customers:detail", args=[URL_MARK])  # one reverse() for all
    mark = str(URL_MARK)
    orders = Customer._meta.get_field("orders").related_model.objects  # catalog is beside us
    tags = Customer.tags.through.objects
    while chunk := [SearchedCustomer(*r) for r in rows.filter(pk__gt=after)[:2000]]:
        span = {"customer_id__gte": chunk[0].pk, "customer_id__lte": chunk[-1].pk}
        numbers: dict[int, list[tuple]] = {}
        for customer_id, at, number in orders.filter(**span).values_list(
            "customer_id", "purchased_at", "number"
        ):
            numbers.setdefault(customer_id, []).append((at, number))
        names: dict[int, list[str]] = {}
        for customer_id, name in (
            tags.filter(**span).order_by("tag__name").values_list("customer_id", "tag__name")
        ):
            names.setdefault(customer_id, []).append(name)
        for customer in chunk:
            yield _search_document(
                customer,
                numbers.get(customer.pk, []),
                names.get(customer.pk, []),
                url.replace(mark, str(customer.pk)),
            )
        after = chunk[-1].pk


def search_scope(actor: User) -> list[str] | None:
    """The keys of ``customer_q``: all for supervisors, else own and team's customers."""
    if actor.role in SUPERVISORS:
        return None
    keys = [f"owner:{actor.pk}"]
    return [*keys, f"team:{actor.team_id}"] if actor.team_id else keys


def index_customer(event: Event) -> None:
    """Re-index the customer the event is about (created, updated, a new order)."""
    customer_id = event.customer_id or int(event.subject_id)
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None or customer.erased_at is not None:
        remove_document(kind=KIND, object_id=customer_id)
        return
    index_documents([search_document(customer)])


def index_imported(event: Event) -> None:
    """Index the customers one batch of an import created or changed (C-02)."""
    ids = event.payload.get("ids", [])
    for start in range(0, len(ids), INDEX_BATCH):
        rows = Customer.objects.filter(pk__in=ids[start : start + INDEX_BATCH])
        rows = rows.filter(erased_at__isnull=True).prefetch_related("tags", "orders")
        index_documents([search_document(c) for c in rows])


def unindex_customer(event: Event) -> None:
    """An erased customer is no longer found (C-05)."""
    remove_document(kind=KIND, object_id=int(event.subject_id))


HANDLERS = {
    "customer.created": index_customer,
    "customer.updated": index_customer,
    "order.created": index_customer,
    "customers.imported": index_imported,
    "customer.erased": unindex_customer,
}

register_provider(
    KIND, label=gettext_lazy("Customers"), documents=search_documents, scope=search_scope
)
