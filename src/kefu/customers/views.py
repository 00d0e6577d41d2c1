"""Customer pages: the list, the profile form and the 360 view with audited "show" buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import DomainError, Forbidden, NotFound
from kefu.core.models import Team, User
from kefu.core.pagination import page
from kefu.core.permissions import allowed
from kefu.customers import queries, services
from kefu.customers.forms import CustomerEditForm, CustomerForm, NoteForm, show_domain_error
from kefu.customers.masking import masked_values, revealable_fields
from kefu.customers.models import Customer, MemberLevel
from kefu.customers.timeline import panels

TIMELINE_PAGE = 30


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _load(request: HttpRequest, customer_id: int) -> Customer:
    try:
        return queries.customer(request.user, customer_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    owner = request.GET.get("owner", "")
    filters = {
        "owner_id": user.pk if owner == "me" else _int(owner),
        "team_id": _int(request.GET.get("team")),
        "member_level": request.GET.get("level") or None,
    }
    rows = queries.customer_list(user, **filters)
    result = page(rows, limit=50, offset=_int(request.GET.get("offset")) or 0)
    result["items"] = [(c, masked_values(c)) for c in result["items"]]
    return render(
        request,
        "customers/list.html",
        {
            "customers": result,
            "filters": request.GET,
            "levels": MemberLevel.choices,
            "teams": Team.objects.all() if allowed(user, "customer.assign") else [],
            "can_create": allowed(user, "customer.create"),
            "can_import": allowed(user, "customer.import"),
            "can_distribute": allowed(user, "customer.assign"),
        },
    )


def _run(form: Any, action: Any) -> Any:
    """Call the service on a valid form; a refusal lands on the form, a forbidden move is 403."""
    if not form.is_valid():
        return None
    try:
        return action()
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        show_domain_error(form, exc)
        return None


@login_required
def customer_new(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, "customer.create"):  # type: ignore[arg-type]
        raise PermissionDenied("customer.create")
    form = CustomerForm(request.POST or None)
    if request.method == "POST":
        created = _run(
            form, lambda: services.create_customer(actor=request.user, data=form.profile())
        )  # type: ignore[arg-type]
        if created is not None:
            return redirect("customers:detail", customer_id=created.pk)
    return render(request, "customers/form.html", {"form": form}, status=_status(form))


@login_required
def customer_edit(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = _load(request, customer_id)
    if not allowed(request.user, "customer.update", customer):  # type: ignore[arg-type]
        raise PermissionDenied("customer.update")
    form = CustomerEditForm.for_customer(customer, request.POST or None)
    if request.method == "POST":
        saved = _run(
            form,
            lambda: services.update_customer(
                actor=request.user,
                customer=customer,  # type: ignore[arg-type]
                version=form.cleaned_data["version"],
                changes=form.changes(),
            ),
        )
        if saved is not None:
            return redirect("customers:detail", customer_id=customer.pk)
    return render(
        request, "customers/form.html", {"form": form, "customer": customer}, status=_status(form)
    )


def _status(form: Any) -> int:
    return 422 if form.is_bound and form.errors else 200


@login_required
@require_GET
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The customer 360 page (C-04): profile, other apps' panels, timeline, notes."""
    customer = _load(request, customer_id)
    user: User = request.user  # type: ignore[assignment]
    context = {
        "customer": customer,
        "personal": _personal_rows(customer),
        "can_reveal": allowed(user, "customer.view_personal", customer),
        "can_edit": allowed(user, "customer.update", customer),
        "can_note": allowed(user, "customer.note", customer),
        "can_export": allowed(user, "customer.export_personal"),
        "can_erase": allowed(user, "customer.erase") and customer.erased_at is None,
        "panels": [
            mark_safe(render_to_string(p.template, p.context(user, customer), request))  # noqa: S308 - our templates, autoescaped
            for p in panels()
        ],
        "note_form": NoteForm(),
        **_timeline_context(request, customer, None),
    }
    return render(request, "customers/detail.html", context)


def _personal_rows(customer: Customer) -> list[tuple[str, str, str]]:
    labels = {f: Customer._meta.get_field(f).verbose_name for f in revealable_fields()}
    masked = masked_values(customer)
    return [(f, str(labels[f]), masked[f]) for f in revealable_fields()]


def _timeline_context(
    request: HttpRequest, customer: Customer, before: datetime | None
) -> dict[str, Any]:
    entries = queries.customer_timeline(
        request.user,
        customer,
        limit=TIMELINE_PAGE,
        before=before,  # type: ignore[arg-type]
    )
    more = entries[-1].at.isoformat() if len(entries) == TIMELINE_PAGE else None
    return {"customer": customer, "entries": entries, "older": more}


@login_required
@require_GET
def customer_timeline(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Older timeline entries, for the "older" button (htmx)."""
    customer = _load(request, customer_id)
    before = parse_datetime(request.GET.get("before", "") or "")
    return render(
        request,
        "customers/detail.html#timeline_entries",
        _timeline_context(request, customer, before),
    )


@login_required
@require_POST
def customer_reveal(request: HttpRequest, customer_id: int, field: str) -> HttpResponse:
    """The audited "show" button: swaps the masked value for the full one."""
    customer = _load(request, customer_id)
    try:
        values = services.reveal_personal_data(
            actor=request.user,
            customer=customer,
            fields=[field],
            request=request,  # type: ignore[arg-type]
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "customers/detail.html#revealed",
        {"customer": customer, "field": field, "value": values[field]},
    )


@login_required
@require_POST
def customer_note(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = _load(request, customer_id)
    form = NoteForm(request.POST)
    saved = _run(
        form,
        lambda: services.add_note(
            actor=request.user,
            customer=customer,
            text=form.cleaned_data["text"],  # type: ignore[arg-type]
        ),
    )
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("customers:detail", customer_id=customer.pk)
    context = {
        **_timeline_context(request, customer, None),
        "note_form": NoteForm() if saved else form,
        "can_note": True,
    }
    # htmx swaps only 2xx answers: the form comes back with its errors in place.
    return render(request, "customers/detail.html#timeline", context)
