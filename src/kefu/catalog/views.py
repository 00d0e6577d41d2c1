"""Catalog pages: the order import with its row report, and the orders panel of the 360 page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.catalog import queries
from kefu.catalog.import_cells import COLUMNS
from kefu.catalog.imports import import_orders, max_bytes
from kefu.catalog.policy import policy_verdict
from kefu.core.errors import DomainError, Forbidden
from kefu.core.models import User
from kefu.core.permissions import allowed
from kefu.customers.models import Customer


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Order file (.csv or .xlsx)"))


@login_required
def order_import(request: HttpRequest) -> HttpResponse:
    """Upload a file, see what was created, updated and refused, row by row (O-02)."""
    if not allowed(request.user, "order.import"):  # type: ignore[arg-type]
        raise PermissionDenied("order.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_orders(actor=request.user, file=upload, filename=upload.name)  # type: ignore[arg-type]
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(
        request,
        "catalog/import.html",
        {
            "form": form,
            "report": report,
            "columns": [names[0] for names in COLUMNS.values()],
            "max_mb": round(max_bytes() / 1024 / 1024, 1),
        },
        status=422 if form.errors else 200,
    )


def orders_panel(actor: User, customer: Customer) -> dict[str, Any]:
    """The orders of the customer 360 page, each item with today's policy verdict (O-03)."""
    today = timezone.localdate()
    orders = queries.customer_orders(actor, customer)
    rows = [(o, [(i, policy_verdict(i, today)) for i in o.items.all()]) for o in orders]
    return {
        "orders": rows,
        "customer": customer,
        "today": today,
        "can_import": allowed(actor, "order.import"),
    }
