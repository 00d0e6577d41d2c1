"""Page forms of the presales app: they parse what was typed; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import Category
from kefu.core.errors import DomainError
from kefu.core.models import Channel
from kefu.presales.models import ObjectionKind


def show_domain_error(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: its message on top, each field's note in place."""
    form.add_error(None, exc.message)
    for field, message in exc.fields.items():
        name = "budget_yuan" if field == "budget_fen" else field
        if name in form.fields and name not in form.errors:
            form.add_error(name, message)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InquiryForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    question = forms.CharField(
        label=_("What the customer asked about"), widget=forms.Textarea(attrs={"rows": 3})
    )
    product_id = forms.IntegerField(label=_("Product number"), required=False)
    name = forms.CharField(label=_("Customer name"), required=False)
    phone = forms.CharField(label=_("Mobile phone"), required=False)
    email = forms.CharField(label=_("Email"), required=False)
    rings = forms.IntegerField(label=_("Rings before answering (phone)"), required=False)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))
    promise = forms.BooleanField(required=False)


class NeedsForm(VersionForm):
    decision_maker = forms.CharField(label=_("Who decides?"), required=False)
    what = forms.CharField(label=_("What do they need?"), required=False)
    when = forms.CharField(label=_("When do they need it?"), required=False)
    where = forms.CharField(label=_("Where will it be used?"), required=False)
    why = forms.CharField(label=_("Why are they buying?"), required=False)
    how = forms.CharField(label=_("How do they want to buy?"), required=False)
    budget_yuan = forms.CharField(label=_("Budget (yuan)"), required=False)
    category_id = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("name"), required=False
    )
    features = forms.CharField(label=_("Features asked for"), required=False)

    def changes(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        data.pop("version")
        category = data.pop("category_id")
        return {**data, "category_id": category.pk if category else None}


class RecommendForm(VersionForm):
    product_ids = forms.TypedMultipleChoiceField(
        label=_("Products"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, product_ids: list[int] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["product_ids"]
        field.choices = [(pk, str(pk)) for pk in product_ids or []]  # type: ignore[attr-defined]


class ObjectionForm(VersionForm):
    kind = forms.ChoiceField(label=_("Objection"), choices=ObjectionKind.choices)
    words = forms.CharField(
        label=_("What the customer said"), widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Answer (RAS)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    script_id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MoveForm(VersionForm):
    action = forms.CharField(widget=forms.HiddenInput)


class LoseForm(VersionForm):
    reason = forms.CharField(label=_("Lost reason"), max_length=200)


class WinForm(VersionForm):
    order_number = forms.CharField(label=_("Existing order number"), required=False)
    product_id = forms.IntegerField(label=_("Or the product sold (number)"), required=False)
    quantity = forms.IntegerField(label=_("Quantity"), initial=1, min_value=1)
    expected_delivery_on = forms.DateField(
        label=_("Expected delivery"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PeriodForm(forms.Form):
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
