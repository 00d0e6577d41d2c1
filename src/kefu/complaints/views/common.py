"""What the complaint pages share: the signed-in actor, loading by number, submitting a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from kefu.complaints import queries
from kefu.complaints.models import Complaint, Incident
from kefu.core.errors import DomainError, Forbidden, NotFound
from kefu.core.models import User
from kefu.web.forms import show_domain_error


def actor(request: HttpRequest) -> User:
    """The signed-in user; every view that calls this is behind ``login_required``."""
    return request.user  # type: ignore[return-value]


def load(request: HttpRequest, number: str) -> Complaint:
    try:
        return queries.complaint_detail(actor(request), number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def load_incident(request: HttpRequest, incident_id: int) -> Incident:
    try:
        return queries.incident_detail(actor(request), incident_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def submit(form: forms.Form, call: Callable[[dict[str, Any]], Any]) -> Any:
    """Run ``call`` on a valid form; a refusal lands on the form, a forbidden move is a 403.

    Returns the service's result, or None when the form or the service refused.
    """
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data) or True
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        show_domain_error(form, exc)
        return None


def status_of(*bound: forms.Form | None) -> int:
    """422 when a submitted form came back with errors, else 200."""
    return 422 if any(f is not None and f.is_bound and f.errors for f in bound) else 200


def int_or(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default
