"""Public pages, no login: the customer's confirmation page (K-07) and an incident's published
announcement (A-11). Mobile first; a refused link changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kefu.complaints import queries, services
from kefu.complaints.forms import RejectByCustomerForm
from kefu.core.errors import DomainError, NotFound
from kefu.web.forms import show_domain_error

GONE = 410


def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 404 if isinstance(exc, NotFound) else GONE
    return render(request, "complaints/confirm.html", {"refused": exc.message}, status=status)


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The link is the customer's key: never cached, never sent to another site as referrer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    return never_cache(wrapper)


@_private
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Read the approved plan; accept it, or reject it with a reason. Reading changes nothing."""
    try:
        link = services.link_for_token(token)
    except DomainError as exc:
        return _refused(request, exc)
    form = RejectByCustomerForm(request.POST or None)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                services.accept_by_link(token=token, request=request)
                return render(request, "complaints/confirm.html", {"done": "accepted"})
            if decision == "reject" and form.is_valid():
                services.reject_by_link(
                    token=token, reason=form.cleaned_data["reason"], request=request
                )
                return render(request, "complaints/confirm.html", {"done": "rejected"})
        except NotFound as exc:
            return _refused(request, exc)
        except DomainError as exc:
            if exc.fields:
                show_domain_error(form, exc)
            else:
                return _refused(request, exc)
    context = {"link": link, "complaint": link.complaint, "plan": link.plan, "form": form}
    return render(
        request,
        "complaints/confirm.html",
        context,
        status=422 if form.is_bound and form.errors else 200,
    )


@require_GET
def announcement(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        incident = queries.published_announcement(public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "complaints/announcement.html", {"incident": incident})
