"""The complaint page's action forms: one row per action of the state table a user can take
from the page — its form, the one service it calls, and what the page says when done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kefu.complaints import forms as f
from kefu.complaints import queries, services
from kefu.complaints.models import Complaint, PlanStatus
from kefu.core.models import User

Call = Callable[[User, Complaint, dict[str, Any]], Any]


@dataclass(frozen=True)
class PageAction:
    form: type[forms.Form]
    call: Call
    done: Promise


def _pk(value: Any) -> int | None:
    return value.pk if value is not None else None


def _plans(a: User, c: Complaint, d: dict[str, Any]) -> Any:
    drafts = [services.PlanDraft(**row) for row in d["drafts"]]
    return services.propose_plans(actor=a, complaint=c, plans=drafts, version=d.get("version"))


ACTIONS: dict[str, PageAction] = {
    "contact": PageAction(
        f.ContactForm,
        lambda a, c, d: services.contact_complainant(
            actor=a, complaint=c, note=d["note"], channel=d["channel"], version=d.get("version")
        ),
        _("The first contact is recorded."),
    ),
    "accept": PageAction(
        f.AcceptForm,
        lambda a, c, d: services.accept_complaint(
            actor=a,
            complaint=c,
            department_id=_pk(d["department_id"]),
            note=d["note"],
            version=d.get("version"),
        ),
        _("Judged valid; the customer is told the investigation time."),
    ),
    "dismiss": PageAction(
        f.DismissForm,
        lambda a, c, d: services.dismiss_complaint(
            actor=a, complaint=c, explanation=d["explanation"], version=d.get("version")
        ),
        _("Judged not valid; the explanation is recorded and the complaint closed."),
    ),
    "investigate": PageAction(
        f.VersionForm,
        lambda a, c, d: services.start_investigation(
            actor=a, complaint=c, version=d.get("version")
        ),
        _("The investigation has started."),
    ),
    "record_findings": PageAction(
        f.FindingsForm,
        lambda a, c, d: services.record_findings(
            actor=a,
            complaint=c,
            cause=d["cause"],
            responsible_person_id=_pk(d["responsible_person_id"]),
            department_id=_pk(d["department_id"]),
            version=d.get("version"),
        ),
        _("The findings are recorded."),
    ),
    "propose": PageAction(f.PlansForm, _plans, _("The plans are proposed for approval.")),
    "approve": PageAction(
        f.ApproveForm,
        lambda a, c, d: services.approve_plan(
            actor=a, complaint=c, plan_id=d["plan_id"], note=d["note"], version=d.get("version")
        ),
        _("The plan is approved."),
    ),
    "send_back": PageAction(
        f.NoteForm,
        lambda a, c, d: services.send_back_plans(
            actor=a, complaint=c, note=d["note"], version=d.get("version")
        ),
        _("The plans were sent back."),
    ),
    "carry_out": PageAction(
        f.NoteForm,
        lambda a, c, d: services.carry_out_plan(
            actor=a, complaint=c, note=d["note"], version=d.get("version")
        ),
        _("The plan is recorded as carried out."),
    ),
    "request_confirmation": PageAction(
        f.VersionForm,
        lambda a, c, d: services.request_confirmation(actor=a, complaint=c),
        _("The confirmation link was sent to the customer."),
    ),
    "record_consent": PageAction(
        f.ConsentForm,
        lambda a, c, d: services.record_consent(
            actor=a, complaint=c, note=d["note"], evidence=d["evidence"], version=d.get("version")
        ),
        _("The customer's consent is recorded."),
    ),
    "record_rejection": PageAction(
        f.ReasonForm,
        lambda a, c, d: services.record_rejection(
            actor=a, complaint=c, reason=d["reason"], version=d.get("version")
        ),
        _("The rejection is recorded; propose or approve another plan."),
    ),
    "follow_up": PageAction(
        f.FollowUpForm,
        lambda a, c, d: services.follow_up_complaint(
            actor=a, complaint=c, note=d["note"], satisfied=d["satisfied"], version=d.get("version")
        ),
        _("The follow-up is recorded."),
    ),
    "close": PageAction(
        f.CloseForm,
        lambda a, c, d: services.close_complaint(
            actor=a,
            complaint=c,
            summary=d["summary"],
            evaluation=d["evaluation"],
            version=d.get("version"),
        ),
        _("The complaint is closed."),
    ),
    "close_malicious": PageAction(
        f.NoteForm,
        lambda a, c, d: services.close_malicious(
            actor=a, complaint=c, note=d["note"], version=d.get("version")
        ),
        _("The complaint is closed as malicious."),
    ),
    "classify": PageAction(
        f.ClassifyForm,
        lambda a, c, d: services.classify_complaint(
            actor=a,
            complaint=c,
            nature=d["nature"],
            urgency=d["urgency"],
            scope=d["scope"],
            version=d.get("version"),
        ),
        _("The complaint is classified."),
    ),
    "assign": PageAction(
        f.AssignForm,
        lambda a, c, d: services.assign_complaint(
            actor=a, complaint=c, owner_id=d["owner_id"].pk, version=d.get("version")
        ),
        _("The complaint is assigned."),
    ),
    "escalate": PageAction(
        f.EscalateForm,
        lambda a, c, d: services.escalate_complaint(
            actor=a,
            complaint=c,
            source=d["source"],
            source_detail=d["source_detail"],
            version=d.get("version"),
        ),
        _("Escalated to a manager as a crisis."),
    ),
    "converse": PageAction(
        f.ConversationForm,
        lambda a, c, d: services.record_conversation(
            actor=a, complaint=c, body=d["body"], direction=d["direction"]
        ),
        _("The conversation is recorded."),
    ),
    "attach": PageAction(
        f.AttachForm,
        lambda a, c, d: services.add_complaint_attachment(
            actor=a, complaint=c, upload=d["file"], kind=d["kind"]
        ),
        _("The file is attached."),
    ),
    "flag_malicious": PageAction(
        f.MaliciousForm,
        lambda a, c, d: services.flag_malicious(
            actor=a,
            complaint=c,
            reason=d["reason"],
            evidence=d["files"],
            message_ids=d["message_ids"],
            version=d.get("version"),
        ),
        _("Flagged as malicious; the evidence is kept."),
    ),
    "clear_malicious": PageAction(
        f.NoteForm,
        lambda a, c, d: services.clear_malicious(
            actor=a, complaint=c, note=d["note"], version=d.get("version")
        ),
        _("The malicious flag is cleared."),
    ),
    "note_accountability": PageAction(
        f.NoteForm,
        lambda a, c, d: services.note_accountability(
            actor=a, complaint=c, note=d["note"], version=d.get("version")
        ),
        _("The accountability note is saved."),
    ),
}


def make_form(action: str, complaint: Complaint, data: Any = None, files: Any = None) -> forms.Form:
    """The form of ``action`` for the complaint: bound to ``data`` or with its initial values."""
    form_class = ACTIONS[action].form
    initial: dict[str, Any] = {
        "version": complaint.version,
        "channel": complaint.channel,
        "nature": complaint.nature,
        "urgency": complaint.urgency,
        "scope": complaint.scope,
        "direction": "outbound",
    }
    if action == "note_accountability":
        initial["note"] = complaint.accountability_note
    kwargs: dict[str, Any] = {"initial": initial, "prefix": action}
    if form_class is f.MaliciousForm:
        kwargs["messages"] = queries.messages(complaint)
    return form_class(data, files, **kwargs) if data is not None else form_class(**kwargs)


def cleaned(action: str, form: forms.Form) -> dict[str, Any]:
    """The form's values as its service takes them."""
    if isinstance(form, f.PlansForm):
        return {"drafts": form.drafts(), "version": form.cleaned_data.get("version")}
    return dict(form.cleaned_data)


def proposed_plans(complaint: Complaint) -> list[Any]:
    return [p for p in queries.plans(complaint) if p.status == PlanStatus.PROPOSED]
