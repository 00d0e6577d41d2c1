"""Forms of the ticket pages: they parse what was typed; the services decide what is allowed.

Choice fields are plain text behind a select, so a tampered value reaches the service and comes
back with the service's own message. ``field_map`` names the form field that shows a service's
complaint about one of its fields (``solutions.0.amount_fen`` → ``amount_1``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.errors import DomainError
from kefu.core.models import Channel
from kefu.tickets.models import Category, EscalationTarget, SolutionKind, Subtype
from kefu.tickets.services import MAX_ATTACHMENT_BYTES, NewTicket, SolutionOption

PUBLIC_PHOTOS = 3
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def _choices(choices: Any, blank: Any = None) -> list[tuple[str, Any]]:
    rows = list(choices)
    return [("", blank), *rows] if blank is not None else rows


def _select(label: Any, choices: Any, *, required: bool = True, blank: Any = None) -> Any:
    return forms.CharField(
        label=label, required=required, widget=forms.Select(choices=_choices(choices, blank))
    )


def _text(label: Any, *, rows: int = 3, required: bool = True, max_length: int = 5000) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _yuan(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def fen(value: Decimal | None) -> int:
    """Yuan as typed (``12.50``) in integer fen (1250)."""
    return int((value or Decimal(0)) * 100)


def _when(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(one, initial) for one in data if one]
        return [single(data, initial)] if data else []


class TicketForm(forms.Form):
    """A form the services answer; their refusal lands on it in place."""

    field_map: ClassVar[dict[str, str]] = {}

    def show_error(self, exc: DomainError) -> None:
        """The service's message on top and each field's note next to the field."""
        self.add_error(None, exc.message)
        for name, message in exc.fields.items():
            target = self.field_map.get(name, name)
            if target in self.fields and target not in self.errors:
                self.add_error(target, message)


class VersionForm(TicketForm):
    """Any action that must not overwrite someone else's newer change (409 ``stale_version``)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


# --- the queue --------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    SCOPES: ClassVar[list[tuple[str, Any]]] = [
        ("", gettext_lazy("All I can see")),
        ("mine", gettext_lazy("Mine")),
        ("team", gettext_lazy("My team")),
        ("unassigned", gettext_lazy("Unassigned")),
    ]

    scope = forms.ChoiceField(choices=SCOPES, required=False)
    breaching = forms.BooleanField(required=False)
    status = forms.CharField(required=False)
    category = forms.CharField(required=False)
    team = forms.IntegerField(required=False, min_value=1)
    after = forms.CharField(required=False, max_length=80)


# --- intake -----------------------------------------------------------------------------


class NewTicketForm(TicketForm):
    """The agent's intake form (000 §三(一) 售后咨询与问题受理)."""

    field_map: ClassVar[dict[str, str]] = {"file": "photos", "customer_id": "phone"}

    customer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    phone = forms.CharField(
        label=gettext_lazy("Customer's mobile phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "138 1234 5678"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Customer's name"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Used when the phone number is new to us."),
    )
    email = forms.CharField(label=gettext_lazy("Email"), max_length=254, required=False)
    order_number = forms.CharField(
        label=gettext_lazy("Order number"), max_length=40, required=False
    )
    channel = _select(gettext_lazy("Channel"), Channel.choices)
    category = _select(
        gettext_lazy("Category"), Category.choices, required=False, blank=gettext_lazy("Not yet")
    )
    subtype = _select(
        gettext_lazy("Sub-type"), Subtype.choices, required=False, blank=gettext_lazy("Not yet")
    )
    urgent = forms.BooleanField(label=gettext_lazy("Urgent"), required=False)
    important = forms.BooleanField(label=gettext_lazy("Important"), required=False)
    description = _text(gettext_lazy("Problem description"), rows=4)
    demand = _text(gettext_lazy("Customer demand"), rows=2, required=False, max_length=2000)
    photos = MultipleFileField(label=gettext_lazy("Photos or PDF"))
    auto_assign = forms.BooleanField(
        label=gettext_lazy("Give it to the least-busy agent of my team"), required=False
    )

    def draft(self) -> NewTicket:
        d = self.cleaned_data
        return NewTicket(
            description=d["description"],
            demand=d["demand"],
            channel=d["channel"],
            customer_id=d["customer_id"],
            name=d["name"],
            phone=d["phone"],
            email=d["email"],
            order_number=d["order_number"],
            category=d["category"],
            subtype=d["subtype"],
            urgent=d["urgent"],
            important=d["important"],
            auto_assign=d["auto_assign"],
            attachments=d["photos"],
        )


class PublicTicketForm(TicketForm):
    """The customer's own form on the web (channel web, no login): at most three photos."""

    field_map: ClassVar[dict[str, str]] = {"file": "photos"}

    name = forms.CharField(label=gettext_lazy("Your name"), max_length=100)
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "138 1234 5678"}
        ),
    )
    order_number = forms.CharField(
        label=gettext_lazy("Order number"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("On your order confirmation; leave empty if you do not have it."),
    )
    description = _text(gettext_lazy("What happened?"), rows=5)
    demand = _text(gettext_lazy("What would you like us to do?"), rows=2, required=False)
    photos = MultipleFileField(
        label=gettext_lazy("Photos (up to 3)"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )

    def clean_photos(self) -> list[Any]:
        photos = self.cleaned_data["photos"]
        if len(photos) > PUBLIC_PHOTOS:
            raise forms.ValidationError(_("Attach at most 3 photos."))
        mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        for photo in photos:
            if PurePath(photo.name or "").suffix.lower() not in PHOTO_EXTENSIONS:
                raise forms.ValidationError(_("Only photos (JPEG, PNG, GIF, WebP) can be sent."))
            if photo.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(_("A photo may be at most %(mb)s MB.") % {"mb": mb})
        return photos

    def draft(self) -> NewTicket:
        d = self.cleaned_data
        return NewTicket(
            description=d["description"],
            demand=d["demand"],
            channel=Channel.WEB,
            name=d["name"],
            phone=d["phone"],
            order_number=d["order_number"],
            attachments=d["photos"],
        )


# --- actions on a ticket -----------------------------------------------------------------


class TakeForm(VersionForm):
    pass


class AssignForm(VersionForm):
    assignee = forms.IntegerField(label=gettext_lazy("Assign to"), required=False)


class CategorizeForm(VersionForm):
    category = _select(
        gettext_lazy("Category"), Category.choices, required=False, blank=gettext_lazy("Not yet")
    )
    subtype = _select(
        gettext_lazy("Sub-type"), Subtype.choices, required=False, blank=gettext_lazy("Not yet")
    )


class PriorityForm(VersionForm):
    urgent = forms.BooleanField(label=gettext_lazy("Urgent"), required=False)
    important = forms.BooleanField(label=gettext_lazy("Important"), required=False)


class OfferForm(VersionForm):
    """方案提供: one or two options (003 §3.1 给出1-2个可行方案)."""

    kind_1 = _select(gettext_lazy("Option 1"), SolutionKind.choices)
    amount_1 = _yuan(gettext_lazy("Amount (yuan)"))
    note_1 = forms.CharField(label=gettext_lazy("Note"), max_length=1000, required=False)
    kind_2 = _select(
        gettext_lazy("Option 2"), SolutionKind.choices, required=False, blank=gettext_lazy("None")
    )
    amount_2 = _yuan(gettext_lazy("Amount (yuan)"))
    note_2 = forms.CharField(label=gettext_lazy("Note"), max_length=1000, required=False)

    def options(self) -> list[SolutionOption]:
        d = self.cleaned_data
        return [
            SolutionOption(
                kind=d[f"kind_{i}"], amount_fen=fen(d[f"amount_{i}"]), note=d[f"note_{i}"]
            )
            for i in (1, 2)
            if d[f"kind_{i}"]
        ]


# The service names a bad option by its index; the page shows it next to that option.
OfferForm.field_map = {
    "solutions": "kind_1",
    **{
        f"solutions.{i}.{service}": f"{page}_{i + 1}"
        for i in (0, 1)
        for service, page in (("kind", "kind"), ("amount_fen", "amount"), ("note", "note"))
    },
}


class ChoiceForm(VersionForm):
    solution_id = forms.IntegerField()


class ProgressForm(TicketForm):
    solution_id = forms.IntegerField()
    step = forms.CharField(max_length=20)


class PromiseForm(TicketForm):
    until = _when(gettext_lazy("Resolve by"), required=False)


class DelayForm(TicketForm):
    field_map: ClassVar[dict[str, str]] = {"compensation_fen": "compensation"}

    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=1000)
    until = _when(gettext_lazy("New time"))
    compensation = _yuan(gettext_lazy("Compensation (yuan)"))
    compensation_note = forms.CharField(
        label=gettext_lazy("Compensation in words"), max_length=200, required=False
    )


class EscalateForm(TicketForm):
    target = _select(gettext_lazy("Escalate to"), EscalationTarget.choices)
    to_user = forms.IntegerField(label=gettext_lazy("Person"), required=False)
    reason = _text(gettext_lazy("Reason"), rows=2, max_length=2000)


class AnswerForm(TicketForm):
    escalation_id = forms.IntegerField(widget=forms.HiddenInput)
    answer = _text(gettext_lazy("Answer"), rows=2, max_length=2000)


class ResolveForm(VersionForm):
    resolution = _text(gettext_lazy("How it was solved"), rows=2, required=False, max_length=2000)


class ConfirmForm(TicketForm):
    ANSWERS: ClassVar[list[tuple[str, Any]]] = [
        ("yes", gettext_lazy("Satisfied")),
        ("no", gettext_lazy("Not satisfied")),
        ("none", gettext_lazy("No answer")),
    ]
    satisfied = forms.ChoiceField(label=gettext_lazy("Customer's answer"), choices=ANSWERS)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False)

    def answer(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["satisfied"])


class CloseForm(VersionForm):
    pass


class DiagnoseForm(VersionForm):
    pass


class ReopenForm(VersionForm):
    reason = forms.CharField(label=gettext_lazy("Why reopen"), max_length=2000)


class MergeForm(VersionForm):
    field_map: ClassVar[dict[str, str]] = {"keep": "into"}

    into = forms.CharField(label=gettext_lazy("Merge into ticket"), max_length=20)


class ReplyForm(TicketForm):
    MODES: ClassVar[list[tuple[str, Any]]] = [
        ("reply", gettext_lazy("Reply to the customer")),
        ("internal", gettext_lazy("Internal note")),
        ("customer", gettext_lazy("The customer said")),
    ]
    field_map: ClassVar[dict[str, str]] = {"channel": "body"}

    mode = forms.ChoiceField(choices=MODES, initial="reply", widget=forms.RadioSelect)
    body = forms.CharField(
        label=gettext_lazy("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AttachForm(TicketForm):
    field_map: ClassVar[dict[str, str]] = {"file": "file"}

    file = forms.FileField(label=gettext_lazy("Photo or PDF"))


class ToneForm(forms.Form):
    body = forms.CharField(required=False, max_length=5000)
