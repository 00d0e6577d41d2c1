"""Pages: home (my deadlines), the business calendar and the SLA policies; thin over services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.core.api_types import FIRST_YEAR, LAST_YEAR
from kefu.core.errors import DomainError, Forbidden
from kefu.core.models import User
from kefu.core.pagination import page
from kefu.core.permissions import allowed
from kefu.sla import queries, services
from kefu.sla.queries import deadline_list
from kefu.web.forms import (
    CalendarDayForm,
    CalendarDayRemoveForm,
    CalendarYearForm,
    PolicyForm,
    WorkingHoursForm,
    show_domain_error,
)

View = Callable[..., HttpResponse]


def _actor(request: HttpRequest) -> User:
    """The signed-in user; every view that calls this is behind ``login_required``."""
    return request.user  # type: ignore[return-value]


def page_permission(permission: str) -> Callable[[View], View]:
    """Log in first, then 403 unless the one permission policy allows ``permission``."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(_actor(request), permission):
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _submit(form: forms.Form, action: Callable[[dict[str, Any]], object]) -> bool:
    """Run ``action`` on a valid form; a refusal lands on the form, a forbidden move is a 403."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        show_domain_error(form, exc)
        return False
    return True


# --- home -------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    offset = _int(request.GET.get("offset"), 0)
    deadlines = deadline_list(_actor(request), status="open").select_related("policy")
    this_year = timezone.localdate().year
    calendar = services.current_calendar()
    return render(
        request,
        "web/home.html",
        {
            "deadlines": page(deadlines, limit=50, offset=offset),
            "calendar_years": [(y, calendar.has_data(y)) for y in (this_year, this_year + 1)],
        },
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- the business calendar ---------------------------------------------------------------


@page_permission("calendar.view")
def calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    return _calendar_page(request, year or timezone.localdate().year)


def _calendar_page(
    request: HttpRequest, year: int, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    periods = queries.working_hours()
    statutory = services.statutory_years()
    context = {
        "year": year,
        "known": queries.calendar_year(year),
        "days": queries.calendar_days(year),
        "periods": periods,
        "statutory": (statutory.start, statutory.stop - 1),
        "day_form": CalendarDayForm(initial={"day": f"{year}-01-01"}),
        "declare_form": CalendarYearForm(initial={"year": year}),
        "import_form": CalendarYearForm(initial={"year": year}),
        "hours_form": WorkingHoursForm(initial=WorkingHoursForm.initial_for(periods)),
        **bound,
    }
    return render(request, "web/calendar.html", context, status=status)


def _calendar_action(
    request: HttpRequest,
    year: int,
    *,
    name: str,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if _submit(form, action):
        messages.success(request, done)
        return redirect("web:calendar_year", year=year)
    return _calendar_page(request, year, **{name: form})


@require_POST
@page_permission("calendar.manage")
def calendar_day_set(request: HttpRequest, year: int) -> HttpResponse:
    def action(d: dict[str, Any]) -> object:
        return services.set_calendar_day(
            actor=_actor(request),
            day=d["day"],
            kind=d["kind"],
            name=d["name"],
            complete_year=d["complete_year"],
        )

    return _calendar_action(
        request,
        year,
        name="day_form",
        form=CalendarDayForm(request.POST),
        action=action,
        done=_("The calendar day was saved."),
    )


@require_POST
@page_permission("calendar.manage")
def calendar_day_remove(request: HttpRequest, year: int) -> HttpResponse:
    def action(d: dict[str, Any]) -> object:
        return services.remove_calendar_day(actor=_actor(request), day=d["day"])

    return _calendar_action(
        request,
        year,
        name="remove_form",
        form=CalendarDayRemoveForm(request.POST),
        action=action,
        done=_("The calendar day was removed."),
    )


@require_POST
@page_permission("calendar.manage")
def calendar_year_declare(request: HttpRequest, year: int) -> HttpResponse:
    def action(d: dict[str, Any]) -> object:
        return services.declare_calendar_year(actor=_actor(request), year=d["year"])

    return _calendar_action(
        request,
        year,
        name="declare_form",
        form=CalendarYearForm(request.POST),
        action=action,
        done=_("The year is declared complete."),
    )


@require_POST
@page_permission("calendar.manage")
def calendar_import(request: HttpRequest, year: int) -> HttpResponse:
    def action(d: dict[str, Any]) -> object:
        return services.import_statutory_calendar(actor=_actor(request), years=[d["year"]])

    return _calendar_action(
        request,
        year,
        name="import_form",
        form=CalendarYearForm(request.POST),
        action=action,
        done=_("The statutory calendar was imported."),
    )


@require_POST
@page_permission("calendar.manage")
def calendar_hours(request: HttpRequest, year: int) -> HttpResponse:
    form = WorkingHoursForm(request.POST)

    def action(d: dict[str, Any]) -> object:
        return services.set_working_hours(actor=_actor(request), weekly=form.weekly())

    return _calendar_action(
        request,
        year,
        name="hours_form",
        form=form,
        action=action,
        done=_("The working hours were saved."),
    )


# --- SLA policies -----------------------------------------------------------------------


@page_permission("calendar.view")
def policies(request: HttpRequest) -> HttpResponse:
    return render(request, "web/policies.html", {"policies": queries.policy_list()})


@page_permission("policy.manage")
def policy_edit(request: HttpRequest, key: str) -> HttpResponse:
    try:
        row = services.policy(key)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    form = PolicyForm.for_policy(row, request.POST if request.method == "POST" else None)

    def action(d: dict[str, Any]) -> object:
        return services.update_policy(actor=_actor(request), key=key, changes=d)

    if request.method == "POST" and _submit(form, action):
        name = form.cleaned_data["name"]
        messages.success(request, _("The policy “%(name)s” was saved.") % {"name": name})
        return redirect("web:policies")
    return render(request, "web/policy_edit.html", {"policy": row, "form": form})


def locked_out(request: HttpRequest, *args: Any) -> HttpResponse:
    """django-axes' answer to a login while the account or address is locked out: 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"cooloff_minutes": minutes}
    return render(request, "web/locked_out.html", context, status=429)
