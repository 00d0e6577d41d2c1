"""Page forms of the callbacks app: they parse what was typed; the services decide the rest."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.callbacks.models import CampaignKind, Outcome
from kefu.callbacks.services import CallData
from kefu.core.errors import DomainError
from kefu.core.models import Role, Team, User
from kefu.customers.models import MemberLevel

LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*(.*)$")


def show_domain_error(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: its message on top, each field's note in place."""
    form.add_error(None, exc.message)
    for name, message in exc.fields.items():
        if name in form.fields:
            form.add_error(name, message)


def local_datetime(label: Any, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=LOCAL_INPUT,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CampaignForm(forms.Form):
    """回访活动: what it is about and whom it calls (V-01)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Callback about"), choices=CampaignKind.choices)
    served_from = _date(_("Service completed from"))
    served_to = _date(_("Service completed until"))
    member_levels = forms.MultipleChoiceField(
        label=_("Member levels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[c for c in MemberLevel.choices if c[0] != MemberLevel.NONE],
    )
    holiday_name = forms.CharField(label=_("Holiday"), max_length=40, required=False)
    maintenance_from = _date(_("Maintenance due from"))
    maintenance_to = _date(_("Maintenance due until"))
    wish = forms.CharField(
        label=_("Closing wish"),
        max_length=40,
        required=False,
        help_text=_("祝您…: e.g. 节日快乐, 开车愉快."),
    )
    team_id = forms.TypedChoiceField(
        label=_("Team that calls"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team_id"].choices = [("", "—"), *Team.objects.values_list("pk", "name")]  # type: ignore[attr-defined]


class StartForm(forms.Form):
    agent_ids = forms.TypedMultipleChoiceField(
        label=_("Agents who call"),
        coerce=int,
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR])
        self.fields["agent_ids"].choices = [  # type: ignore[attr-defined]
            (u.pk, u.display_name) for u in people.order_by("team_id", "username")
        ]


class RecordForm(forms.Form):
    """回访记录表 (V-02): every field the service needs to call the record complete."""

    reached = forms.TypedChoiceField(
        label=_("Reached the customer?"),
        coerce=lambda v: v == "yes",
        required=False,
        empty_value=None,
        choices=[("yes", _("Reached")), ("no", _("Not reached"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Is the customer satisfied?"),
        required=False,
        choices=Outcome.choices,
        widget=forms.RadioSelect,
    )
    to_improve = forms.CharField(
        label=_("What should we improve?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    suggestions = forms.CharField(
        label=_("Customer's suggestions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)
    follow_up_note = forms.CharField(
        label=_("What must be followed up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the customer was not reached, or anything else."),
    )
    rescheduled_to = local_datetime(_("The customer asked to be called at"))
    called_at = local_datetime(_("Called at (empty: now)"))

    def call(self) -> CallData:
        data = self.cleaned_data
        return CallData(
            reached=data.get("reached"),
            outcome=data.get("outcome") or "",
            to_improve=data.get("to_improve", ""),
            suggestions=data.get("suggestions", ""),
            follow_up_needed=bool(data.get("follow_up_needed")),
            follow_up_note=data.get("follow_up_note", ""),
            notes=data.get("notes", ""),
            called_at=data.get("called_at"),
            rescheduled_to=data.get("rescheduled_to"),
        )


class ScheduleForm(forms.Form):
    at = local_datetime(_("Call at"), required=True)


class SummaryForm(forms.Form):
    problems_found = forms.CharField(
        label=_("Problems found"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    suggestions = forms.CharField(
        label=_("Suggestions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RestHoursForm(forms.Form):
    """One rest period a line: ``12:00-14:00 午休``; a period may wrap midnight."""

    spans = forms.CharField(
        label=_("Rest hours"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One period a line, e.g. 12:00-14:00 午休 or 21:00-09:00 夜间."),
    )

    def clean_spans(self) -> list[tuple[time, time, str]]:
        spans = []
        for line in self.cleaned_data["spans"].splitlines():
            if not line.strip():
                continue
            match = SPAN.match(line)
            try:
                if match is None:
                    raise ValueError(line)
                h1, m1, h2, m2, name = match.groups()
                spans.append((time(int(h1), int(m1)), time(int(h2), int(m2)), name.strip()))
            except ValueError:
                raise forms.ValidationError(
                    _("Write each line like 12:00-14:00 午休: %(line)s"), params={"line": line}
                ) from None
        return spans
