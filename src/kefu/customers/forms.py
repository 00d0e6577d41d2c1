"""Page forms of the customers app: they parse what was typed; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.core.errors import DomainError
from kefu.core.models import Channel
from kefu.customers.models import Customer, Gender, MemberLevel


def show_domain_error(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: its message on top, each field's note in place."""
    form.add_error(None, exc.message)
    for field, message in exc.fields.items():
        if field in form.fields:
            form.add_error(field, message)


class CustomerForm(forms.Form):
    """The profile fields an agent fills in (C-01); phone and email are checked by the service."""

    name = forms.CharField(label=_("Full name"), max_length=100)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "138 1234 5678"}),
    )
    email = forms.CharField(
        label=_("Email address"), max_length=254, required=False, widget=forms.EmailInput
    )
    wechat_id = forms.CharField(label=_("WeChat ID"), max_length=50, required=False)
    birthday = forms.DateField(
        label=_("Birthday"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    province = forms.CharField(label=_("Province"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    member_level = forms.ChoiceField(
        label=_("Member level"), choices=MemberLevel.choices, initial=MemberLevel.NONE
    )
    source_channel = forms.ChoiceField(
        label=_("Source channel"), choices=Channel.choices, initial=Channel.PHONE
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    preferences = forms.CharField(
        label=_("Preferences"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    marketing_consent = forms.BooleanField(label=_("Agrees to marketing messages"), required=False)

    def profile(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["tags"] = [t for t in data.get("tags", "").replace("，", ",").split(",") if t.strip()]
        return data


class CustomerEditForm(CustomerForm):
    """Editing names the version that was read, so a concurrent change is not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # Personal fields are not pre-filled (they are masked); left empty they stay unchanged.
    KEEP_WHEN_EMPTY = ("phone", "email", "wechat_id", "birthday", "address")

    @classmethod
    def for_customer(cls, customer: Customer, data: Any = None) -> CustomerEditForm:
        initial = {
            f: getattr(customer, f)
            for f in cls.base_fields
            if f not in cls.KEEP_WHEN_EMPTY and f != "tags"
        }
        initial["tags"] = ", ".join(customer.tags.values_list("name", flat=True))
        return cls(data, initial=initial)

    def changes(self) -> dict[str, Any]:
        data = self.profile()
        data.pop("version")
        return {
            k: v for k, v in data.items() if not (k in self.KEEP_WHEN_EMPTY and v in ("", None))
        }


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
