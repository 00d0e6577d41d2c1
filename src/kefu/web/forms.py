"""Page forms: they parse what the user typed; the services decide whether it is allowed.
Also the one way a page runs a service and shows its refusal (run_service, run_form)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time
from typing import TypeVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.errors import DomainError, Forbidden, NotFound
from kefu.sla.models import CalendarDay, Clock, Policy, WorkingPeriod

T = TypeVar("T")
_SLOT = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})\s*$")


def run_service(action: Callable[[], T]) -> T:
    """Run a service or query for a page: a forbidden move is a 403 page, a missing row a 404."""
    try:
        return action()
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc


def run_form(form: forms.Form, action: Callable[[], T]) -> T | None:
    """The service on a valid form; a refusal lands on the form and None is returned."""
    if not form.is_valid():
        return None
    try:
        return run_service(action)
    except DomainError as exc:
        show_domain_error(form, exc)
        return None


def form_status(form: forms.Form) -> int:
    """422 for a form sent back with errors, so htmx and tests see the refusal."""
    return 422 if form.is_bound and form.errors else 200


def show_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service's refusal on the form: its message on top, each field's note in place."""
    form.add_error(None, exc.message)
    for field, message in exc.fields.items():
        if field in form.fields:
            form.add_error(field, message)


class LoginForm(AuthenticationForm):
    """Django's login form with autofocus on the user name."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update(autofocus=True, autocomplete="username")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class CalendarDayForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    # A plain text field behind a select: the service owns the list of kinds and its message.
    kind = forms.CharField(
        label=gettext_lazy("Kind"), widget=forms.Select(choices=CalendarDay.Kind.choices)
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60, required=False)
    complete_year = forms.BooleanField(
        label=gettext_lazy("All holidays of this year are now entered"), required=False
    )


class CalendarDayRemoveForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))


class WorkingHoursForm(forms.Form):
    """One text field per weekday, e.g. ``09:00-12:00, 13:30-18:00``; empty = day off."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for weekday, label in WorkingPeriod.Weekday.choices:
            self.fields[f"day_{weekday}"] = forms.CharField(
                label=label,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Day off")}),
            )

    @staticmethod
    def initial_for(periods: list[WorkingPeriod]) -> dict[str, str]:
        slots: dict[str, list[str]] = {}
        for p in periods:
            slots.setdefault(f"day_{p.weekday}", []).append(
                f"{p.starts_at:%H:%M}-{p.ends_at:%H:%M}"
            )
        return {key: ", ".join(values) for key, values in slots.items()}

    def weekly(self) -> dict[int, list[tuple[time, time]]]:
        return {wd: self.cleaned_data[f"day_{wd}"] for wd in WorkingPeriod.Weekday.values}

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for weekday in WorkingPeriod.Weekday.values:
            key = f"day_{weekday}"
            if key in data:
                try:
                    data[key] = _slots(str(data[key]))
                except ValueError:
                    self.add_error(key, _("Write periods like 09:00-12:00, 13:30-18:00."))
        return data


def _slots(text: str) -> list[tuple[time, time]]:
    result = []
    for part in filter(str.strip, text.split(",")):
        match = _SLOT.match(part)
        if match is None:
            raise ValueError(part)
        start, end = (datetime.strptime(t, "%H:%M").time() for t in match.groups())  # noqa: DTZ007
        result.append((start, end))
    return result


class PolicyForm(forms.Form):
    """The editable fields of an SLA policy; numbers are checked by ``update_policy``."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, required=False)
    minutes = forms.IntegerField(
        label=gettext_lazy("Minutes"), help_text=gettext_lazy("1 hour = 60, 1 day = 1440")
    )
    clock = forms.CharField(label=gettext_lazy("Clock"), widget=forms.Select(choices=Clock.choices))
    offday_minutes = forms.IntegerField(
        label=gettext_lazy("Minutes when received on a non-workday"),
        required=False,
        help_text=gettext_lazy("Leave empty to use the same rule every day."),
    )
    offday_clock = forms.CharField(
        label=gettext_lazy("Clock on non-workdays"), widget=forms.Select(choices=Clock.choices)
    )
    warn_before_minutes = forms.IntegerField(label=gettext_lazy("Warn minutes before"))

    @classmethod
    def for_policy(cls, policy: Policy, data: object = None) -> PolicyForm:
        initial = {name: getattr(policy, name) for name in cls.base_fields}
        return cls(data, initial=initial)  # type: ignore[arg-type]
