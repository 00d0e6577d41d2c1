"""Intake pages: the agent's new-ticket form and the customer's public web form (channel web).

The public form needs no login; it is CSRF-protected and rate-limited per IP address through
Django's cache, and a refused submission (bad phone, unknown order, a disguised or oversized
photo) writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kefu.core.errors import DomainError
from kefu.core.permissions import allowed
from kefu.customers.models import Customer
from kefu.tickets import services
from kefu.tickets.forms import NewTicketForm, PublicTicketForm
from kefu.tickets.views.common import actor

# At most this many submissions from one address per window (abuse guard, not a promise).
PUBLIC_LIMIT = 5
PUBLIC_WINDOW_SECONDS = 10 * 60
THANKS_KEY = "kefu_support_ticket"


@login_required
@require_http_methods(["GET", "POST"])
def new_ticket(request: HttpRequest) -> HttpResponse:
    """The agent's intake form (A-01, A-02, A-03); ``?customer=<id>`` preselects a customer."""
    user = actor(request)
    if not allowed(user, "ticket.open"):
        raise PermissionDenied("ticket.open")
    customer = _preselected(request)
    initial = {"channel": "phone", "customer_id": customer.pk if customer else None}
    form = NewTicketForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                ticket = services.open_ticket(actor=user, draft=form.draft())
            except DomainError as exc:
                form.show_error(exc)
                status = exc.status
            else:
                return redirect("tickets:detail", number=ticket.number)
    context = {"form": form, "customer": customer}
    return render(request, "tickets/new.html", context, status=status)


def _preselected(request: HttpRequest) -> Customer | None:
    raw = request.POST.get("customer_id") or request.GET.get("customer") or ""
    if not raw.isdigit():
        return None
    customer = Customer.objects.filter(pk=int(raw)).first()
    if customer is None or not allowed(actor(request), "customer.view", customer):
        return None
    return customer


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded-for header is the client's to invent.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _over_limit(request: HttpRequest) -> bool:
    """Count this submission against the address; True once it is past the limit."""
    key = f"kefu:support:{_client_address(request)}"
    cache.add(key, 0, PUBLIC_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, PUBLIC_WINDOW_SECONDS)
        count = 1
    return count > PUBLIC_LIMIT


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    brand = settings.KEFU_BRAND
    return render(request, template, {"brand": brand, **context}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    """The customer's after-sales form on the web (channel web, A-01) with up to 3 photos."""
    form = PublicTicketForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _public(request, "tickets/public_form.html", {"form": form})
    if _over_limit(request):
        form.add_error(None, _("Too many submissions from your network. Try again in 10 minutes."))
        return _public(request, "tickets/public_form.html", {"form": form}, status=429)
    status = 422
    if form.is_valid():
        try:
            ticket = services.open_ticket(actor=None, draft=form.draft())
        except DomainError as exc:
            form.show_error(exc)
            status = exc.status
        else:
            request.session[THANKS_KEY] = ticket.number
            return redirect("support:thanks")
    return _public(request, "tickets/public_form.html", {"form": form}, status=status)


@never_cache
@require_GET
def public_thanks(request: HttpRequest) -> HttpResponse:
    number = request.session.get(THANKS_KEY)
    if not number:
        return redirect("support:form")
    return _public(request, "tickets/public_thanks.html", {"number": number})
