"""Page forms of complaints and incidents: they parse what was typed; the services decide."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.complaints.models import (
    AttachmentKind,
    CompensationKind,
    Direction,
    IncidentKind,
    Nature,
    Scope,
    Source,
    Urgency,
)
from kefu.core.models import Channel, Department, Role, User

PLAN_ROWS = 3


def _choices(choices: Any, blank: str | None = None) -> list[tuple[str, Any]]:
    rows = list(choices)
    return [("", blank), *rows] if blank is not None else rows


def _select(
    label: Any, choices: Any, *, required: bool = True, blank: str | None = None
) -> forms.CharField:
    """A plain text field behind a select: the service owns the list and its message."""
    return forms.CharField(
        label=label, required=required, widget=forms.Select(choices=_choices(choices, blank))
    )


def _text(label: Any, *, rows: int = 3, required: bool = True, **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows, **attrs})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(one, initial) for one in data]
        return [single(data, initial)] if data else []


class VersionForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RegistrationForm(forms.Form):
    """顧客投訴登記表: complainant, time, channel, content, contact, related order or ticket."""

    name = forms.CharField(label=_("Complainant"), max_length=100, required=False)
    phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    email = forms.CharField(label=_("Contact email"), max_length=254, required=False)
    received_at = forms.DateTimeField(
        label=_("Complaint time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty for now."),
    )
    channel = _select(_("Channel"), Channel.choices)
    source = _select(_("Made through"), Source.choices)
    source_detail = forms.CharField(
        label=_("Platform or body"),
        max_length=100,
        required=False,
        help_text=_("e.g. Weibo, 12315, the court's case number"),
    )
    content = _text(_("Complaint content"), rows=4)
    demand = _text(_("Customer demand"), rows=2, required=False)
    order_number = forms.CharField(label=_("Order number"), max_length=40, required=False)
    ticket_number = forms.CharField(label=_("Related ticket"), max_length=20, required=False)
    nature = _select(_("Type"), Nature.choices, required=False, blank="—")
    urgency = _select(_("Urgency"), Urgency.choices)
    scope = _select(_("Scope"), Scope.choices)
    attachments = MultipleFileField(label=_("Evidence (photos or PDF)"), required=False)

    def draft_values(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "attachments"}
        if data["received_at"] is None:
            data.pop("received_at")
        return data


class ContactForm(VersionForm):
    note = _text(_("What was said"), placeholder=_("We called the customer, apologised and…"))
    channel = _select(_("Channel"), Channel.choices)


class AcceptForm(VersionForm):
    department_id = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.all()
    )
    note = _text(_("Why the complaint is valid"), rows=2, required=False)


class DismissForm(VersionForm):
    explanation = _text(_("Polite explanation given to the customer"))


class FindingsForm(VersionForm):
    cause = _text(_("Cause"))
    responsible_person_id = forms.ModelChoiceField(
        label=_("Responsible person"),
        required=False,
        queryset=User.objects.filter(is_active=True).order_by("username"),
    )
    department_id = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=Department.objects.all()
    )


class ClassifyForm(VersionForm):
    nature = _select(_("Type"), Nature.choices)
    urgency = _select(_("Urgency"), Urgency.choices)
    scope = _select(_("Scope"), Scope.choices)


class AssignForm(VersionForm):
    owner_id = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(
            is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR, Role.MANAGER]
        ).order_by("username"),
    )


class EscalateForm(VersionForm):
    source = _select(_("Made public through"), [c for c in Source.choices if c[0] != Source.DIRECT])
    source_detail = forms.CharField(label=_("Platform or body"), max_length=100, required=False)


class ConversationForm(forms.Form):
    body = _text(_("Message"), rows=3)
    direction = _select(_("Kind"), Direction.choices)


class PlansForm(VersionForm):
    """Up to three plans at once; amounts in yuan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, PLAN_ROWS + 1):
            self.fields[f"description_{i}"] = _text(
                _("Plan %(n)s") % {"n": i}, rows=2, required=i == 1
            )
            self.fields[f"kind_{i}"] = _select(_("Compensation"), CompensationKind.choices)
            self.fields[f"amount_{i}"] = forms.DecimalField(
                label=_("Amount (yuan)"),
                required=False,
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=2,
            )

    def rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"description_{i}"], self[f"kind_{i}"], self[f"amount_{i}"]]
            for i in range(1, PLAN_ROWS + 1)
        ]

    def drafts(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "description": data[f"description_{i}"],
                "compensation_kind": data[f"kind_{i}"],
                "compensation_fen": int((data[f"amount_{i}"] or 0) * 100),
            }
            for i in range(1, PLAN_ROWS + 1)
            if data.get(f"description_{i}")
        ]


class ApproveForm(VersionForm):
    plan_id = forms.IntegerField(label=_("Plan"), widget=forms.HiddenInput)
    note = _text(_("Instruction"), rows=2, required=False)


class NoteForm(VersionForm):
    note = _text(_("Note"))


class ReasonForm(VersionForm):
    reason = _text(_("Reason the customer gave"))


class ConsentForm(VersionForm):
    note = _text(_("How the customer agreed"), rows=2)
    evidence = forms.FileField(label=_("Evidence (signed form, screenshot)"))


class FollowUpForm(VersionForm):
    note = _text(_("What the customer said"))
    satisfied = forms.BooleanField(label=_("The customer is satisfied"), required=False)


class CloseForm(VersionForm):
    summary = _text(_("Summary"))
    evaluation = _text(_("Evaluation"))


class MaliciousForm(VersionForm):
    reason = _text(_("Why this complaint is malicious"))
    files = MultipleFileField(label=_("Evidence files"), required=False)
    message_ids = forms.TypedMultipleChoiceField(
        label=_("Conversation records kept as evidence"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, messages: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message_ids"].choices = [
            (m.pk, f"{timezone.localtime(m.created_at):%m-%d %H:%M} {m.body[:60]}")
            for m in messages or []
        ]


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File (photo or PDF)"))
    kind = _select(_("Kind"), AttachmentKind.choices)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    @staticmethod
    def default() -> dict[str, date]:
        today = timezone.localdate()
        return {"start": date(today.year, 1, 1), "end": today}


class ImprovementForm(forms.Form):
    title = forms.CharField(label=_("Improvement action"), max_length=200)
    owner_id = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    nature = _select(_("Type"), Nature.choices, required=False, blank="—")
    complaint_number = forms.CharField(label=_("Complaint"), max_length=20, required=False)


class DoneForm(forms.Form):
    note = forms.CharField(label=_("Result"), max_length=2000)


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = _select(_("Kind"), IncidentKind.choices)
    description = _text(_("What happened"), required=False)


class NumbersForm(forms.Form):
    numbers = _text(_("Numbers"), rows=2, placeholder="T2603150001 T2603150002")

    def number_list(self) -> list[str]:
        return self.cleaned_data["numbers"].replace(",", " ").replace("，", " ").split()


class IncidentMessageForm(forms.Form):
    body = _text(_("Message to every affected customer"), rows=3, maxlength=500)


class AnnouncementForm(forms.Form):
    text = _text(_("Announcement"), rows=5)


class RejectByCustomerForm(forms.Form):
    reason = _text(_("Why the plan does not suit you"), rows=3)


class RuleForm(forms.Form):
    text = _text(_("How malicious complaints are handled"), rows=6)
