"""Page forms of retention: they parse what was typed; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Product
from kefu.core.errors import DomainError
from kefu.core.models import Role, User
from kefu.customers.models import MemberLevel
from kefu.retention.models import CallOutcome, CareChannel, CareKind, ConsentSource, RefusalReason


def show_domain_error(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: its message on top, each field's note in place."""
    form.add_error(None, exc.message)
    for name, message in exc.fields.items():
        if name in form.fields:
            form.add_error(name, message)


def _lines(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class AudienceFields(forms.Form):
    """The customer filter: member levels and provinces (comma separated)."""

    member_levels = forms.MultipleChoiceField(
        label=_("Member levels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=MemberLevel.choices,
    )
    provinces = forms.CharField(
        label=_("Provinces"), required=False, help_text=_("Comma separated, e.g. 广东省, 浙江省")
    )

    def audience(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            "member_levels": data.get("member_levels") or [],
            "provinces": _lines(data.get("provinces") or ""),
        }


def _product_choices() -> list[tuple[Any, str]]:
    return [("", "—"), *Product.objects.filter(active=True).values_list("pk", "name")[:500]]


class RuleForm(AudienceFields):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CareKind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=CareChannel.choices)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    day_of_month = forms.IntegerField(label=_("Day of the month"), initial=1)
    lead_days = forms.IntegerField(label=_("Days ahead"), initial=3, min_value=0)
    months = forms.IntegerField(label=_("Months after purchase"), required=False, min_value=1)
    product_id = forms.TypedChoiceField(
        label=_("Product"), coerce=int, required=False, empty_value=None, choices=()
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product_id"].choices = _product_choices()  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("member_levels", None)
        data.pop("provinces", None)
        return {**data, "audience": self.audience()}


class CapForm(forms.Form):
    max_touches = forms.IntegerField(label=_("Marketing touches per customer in the window"))


class ConsentForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Marketing messages"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Agrees")), ("0", _("Does not agree"))],
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[c for c in ConsentSource.choices if c[0] != ConsentSource.UNSUBSCRIBE_LINK],
    )


class CampaignForm(AudienceFields):
    name = forms.CharField(label=_("Name"), max_length=100)
    goal = forms.IntegerField(label=_("Goal (interested customers)"), min_value=1)
    product_id = forms.TypedChoiceField(
        label=_("Product offered"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product_id"].choices = _product_choices()  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "goal": data["goal"],
            "product_id": data["product_id"],
            "audience": self.audience(),
        }


class StartForm(forms.Form):
    agent_ids = forms.TypedMultipleChoiceField(
        label=_("Agents who call"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent_ids"].choices = list(  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, role=Role.AGENT).values_list("pk", "username")
        )


class CallForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CallOutcome.choices, widget=forms.RadioSelect
    )
    refusal_reason = forms.ChoiceField(
        label=_("Refusal reason"), required=False, choices=[("", "—"), *RefusalReason.choices]
    )
    script_id = forms.TypedChoiceField(
        label=_("Script used"), coerce=int, required=False, empty_value=None, choices=()
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, scripts: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["script_id"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((s.pk, s.title) for s in scripts or []),
        ]


class LessonsForm(forms.Form):
    lessons = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
