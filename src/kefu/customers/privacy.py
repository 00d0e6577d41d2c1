"""A customer's personal data across every app: the copy they may ask for and the erasure (C-05).

Both walk the core personal-data registry: each app declared which of its models hold a
customer's data, how to find the customer's rows and which fields are personal. Erasure
replaces every declared field for good, removes stored files and search documents, and also
replaces any of the customer's names, numbers and addresses wherever else they were written
in those rows (an agent's note, an event payload); what statistics count — rows, ratings,
categories, states, dates — is kept.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict
from kefu.core.events import record_event
from kefu.core.models import AuditEntry, User
from kefu.core.permissions import require
from kefu.core.personal import ERASED, Holder, holders
from kefu.customers.models import Customer
from kefu.search.services import remove_document

TEXT = (models.CharField, models.TextField, models.JSONField)
SWEPT_KINDS = ("name", "phone", "email", "address", "wechat", "id_number")
HIDDEN = "***"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _label(holder: Holder) -> str:
    return holder.model._meta.label_lower


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _row(obj: Model) -> dict[str, Any]:
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def customer_data(customer: Customer) -> dict[str, list[dict[str, Any]]]:
    """Every row held about the customer, by model (``"tickets.ticket": [...]``)."""
    data: dict[str, list[dict[str, Any]]] = {}
    for holder in holders():
        rows = [_row(obj) for obj in holder.rows_of(customer.pk).order_by("pk")]
        if rows:
            data[_label(holder)] = rows
    return data


@transaction.atomic
def export_customer_data(
    *, actor: User, customer: Customer, request: HttpRequest | None = None
) -> dict[str, list[dict[str, Any]]]:
    """A copy of everything held about the customer, for their PIPL request; audited with the
    models exported, never the values. Implements C-05 (export)."""
    require(actor, "customer.export_personal")
    data = customer_data(customer)
    record_audit(
        actor=actor,
        action="customer.data_exported",
        subject=customer,
        data={"models": {label: len(rows) for label, rows in data.items()}},
        request=request,
    )
    return data


# --- erasure ------------------------------------------------------------------------------


def _phone_forms(value: str) -> list[str]:
    national = value[3:] if value.startswith("+86") else value.lstrip("+")
    forms = [value, national]
    if len(national) == 11:
        head, middle, tail = national[:3], national[3:7], national[7:]
        forms += [f"{head} {middle} {tail}", f"{head}-{middle}-{tail}"]
    return forms


def personal_values(customer: Customer) -> list[str]:
    """The customer's names, numbers and addresses as written anywhere, longest first."""
    found: set[str] = set()
    for holder in holders():
        wanted = [f for f, kind in holder.fields.items() if kind in SWEPT_KINDS]
        if not wanted:
            continue
        for row in holder.rows_of(customer.pk).values_list(*wanted):
            for field, value in zip(wanted, row, strict=True):
                text = str(value or "").strip()
                if len(text) < 2:
                    continue
                kind = holder.fields[field]
                found.update(_phone_forms(text) if kind == "phone" else [text])
    return sorted(found, key=len, reverse=True)


def _sweep(value: Any, values: list[str]) -> Any:
    if isinstance(value, str):
        for secret in values:
            if secret in value:
                value = value.replace(secret, HIDDEN)
        return value
    if isinstance(value, list):
        return [_sweep(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _sweep(v, values) for k, v in value.items()}
    return value


def _erased(field: models.Field, kind: str, value: Any) -> Any:
    if value in ("", None):
        return value
    if kind == "file":
        value.storage.delete(value.name)
        return ""
    if kind == "birthday":
        return None
    if kind in ("phone", "email", "wechat", "id_number", "address") and field.blank:
        return ""
    return ERASED[: getattr(field, "max_length", None) or None]


def _changes(holder: Holder, obj: Model, values: list[str]) -> dict[str, Any]:
    changes = {}
    for field in obj._meta.concrete_fields:
        kind = holder.fields.get(field.name)
        current = getattr(obj, field.attname)
        if kind is not None:
            new = _erased(field, kind, getattr(obj, field.name))
        elif isinstance(field, TEXT):
            new = _sweep(current, values)
            if isinstance(new, str) and getattr(field, "max_length", None):
                new = new[: field.max_length]
        else:
            continue
        if new != current:
            changes[field.attname] = new
    return changes


def _erase_rows(holder: Holder, customer_id: int, values: list[str]) -> int:
    # Through the plain queryset: the audit log's manager refuses every update.
    count = 0
    for obj in list(holder.rows_of(customer_id)):
        changes = _changes(holder, obj, values)
        if changes and holder.model is AuditEntry:  # the one update the audit log accepts
            changes["data"] = {**changes.get("data", obj.data), "redacted": True}
        if changes:
            models.QuerySet(holder.model).filter(pk=obj.pk).update(**changes)
            count += 1
        if holder.search_kind:
            remove_document(kind=holder.search_kind, object_id=obj.pk)
    return count


def _erase_everywhere(customer: Customer) -> dict[str, int]:
    values = personal_values(customer)
    return {_label(h): _erase_rows(h, customer.pk, values) for h in holders()}


@transaction.atomic
def erase_customer(
    *, actor: User | None, customer: Customer, request: HttpRequest | None = None
) -> dict[str, int]:
    """Irreversibly replace every personal value of the customer in every app, keeping the
    rows statistics count. ``actor`` None is the retention job. Returns the rows changed per
    model. Implements C-05 (erasure).
    """
    if actor is not None:
        require(actor, "customer.erase")
    locked = Customer.objects.select_for_update().get(pk=customer.pk)
    if locked.erased_at is not None:
        raise Conflict("customer_erased", _("This customer's data was already erased."))
    erased = _erase_everywhere(locked)
    Customer.objects.filter(pk=locked.pk).update(
        external_id="", preferences="", erased_at=timezone.now(), version=locked.version + 1
    )
    record_audit(
        actor=actor,
        action="customer.erased",
        subject=locked,
        data={"rows": erased},
        request=request,
    )
    record_event("customer.erased", subject=locked, actor=actor, customer_id=locked.pk)
    return erased


# --- the copy as files ----------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """A value for a spreadsheet cell: text that Excel would run as a formula is quoted."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def data_as_json(data: dict[str, list[dict[str, Any]]]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def data_as_xlsx(data: dict[str, list[dict[str, Any]]]) -> bytes:
    """One worksheet per kind of record, a header row of column names, formulas neutralised."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for label, rows in data.items():
        sheet = book.create_sheet(title=label.replace(".", "-")[:31])
        header = list(rows[0])
        sheet.append(header)
        for row in rows:
            sheet.append([safe_cell(row[key]) for key in header])
    if not data:
        book.create_sheet(title="empty")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
