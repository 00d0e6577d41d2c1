"""Page forms of the surveys app: they parse what was typed; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.core.errors import DomainError
from kefu.core.models import Role, User
from kefu.surveys.models import Reason
from kefu.surveys.services import Answers

SCORE_CHOICES = [
    (1, _("Very dissatisfied")),
    (2, _("Dissatisfied")),
    (3, _("Neutral")),
    (4, _("Satisfied")),
    (5, _("Very satisfied")),
]
QUESTIONS = (
    ("attitude", _("Service attitude")),
    ("speed", _("Resolution speed")),
    ("result", _("Result of the handling")),
    ("overall", _("Overall satisfaction")),
)


def show_domain_error(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: its message on top, each field's note in place."""
    form.add_error(None, exc.message)
    for name, message in exc.fields.items():
        if name in form.fields:
            form.add_error(name, message)


class AnswerForm(forms.Form):
    """The questionnaire (Q-02): four 1–5 scores, what went wrong, and a comment."""

    attitude = forms.TypedChoiceField(
        label=QUESTIONS[0][1], choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    speed = forms.TypedChoiceField(
        label=QUESTIONS[1][1], choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    result = forms.TypedChoiceField(
        label=QUESTIONS[2][1], choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    overall = forms.TypedChoiceField(
        label=QUESTIONS[3][1], choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    reasons = forms.MultipleChoiceField(
        label=_("What could we do better?"),
        choices=Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, _label in QUESTIONS:
            self.fields[name].error_messages["required"] = _("Please choose a score.")

    def score_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in QUESTIONS]

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            attitude=data.get("attitude"),
            speed=data.get("speed"),
            result=data.get("result"),
            overall=data.get("overall"),
            reasons=tuple(data.get("reasons") or ()),
            comment=data.get("comment", ""),
        )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImprovementForm(forms.Form):
    """改进措施: what will change, which reason it answers, who does it, by when."""

    title = forms.CharField(label=_("Improvement action"), max_length=200)
    reason = forms.ChoiceField(
        label=_("Reason addressed"), required=False, choices=[("", "—"), *Reason.choices]
    )
    owner_id = forms.TypedChoiceField(label=_("Owner"), coerce=int, choices=())
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        staff = User.objects.filter(is_active=True).exclude(role=Role.ADMIN).order_by("username")
        self.fields["owner_id"].choices = [(u.pk, u.display_name) for u in staff]  # type: ignore[attr-defined]
