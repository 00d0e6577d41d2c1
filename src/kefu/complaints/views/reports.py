"""The statistics page (K-09) with its chart, exports and improvement actions, the handling rule
page (K-10), and the incident pages (A-11)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.complaints import queries, services
from kefu.complaints.forms import (
    AnnouncementForm,
    DoneForm,
    ImprovementForm,
    IncidentForm,
    IncidentMessageForm,
    NumbersForm,
    PeriodForm,
    RuleForm,
)
from kefu.complaints.models import Incident, IncidentKind, PolicyText
from kefu.complaints.statistics import chart_data, classification_table, export_statistics
from kefu.complaints.views.common import actor, load_incident, status_of, submit
from kefu.core.errors import DomainError, Forbidden
from kefu.core.permissions import allowed
from kefu.core.reports import attachment


def _period(request: HttpRequest) -> PeriodForm:
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=PeriodForm.default())
    return form


def _statistics_page(
    request: HttpRequest, *, status: int = 200, improvement_form: ImprovementForm | None = None
) -> HttpResponse:
    user = actor(request)
    if not allowed(user, "complaint.statistics"):
        raise PermissionDenied("complaint.statistics")
    period = _period(request)
    dates = period.cleaned_data if period.is_bound and period.is_valid() else PeriodForm.default()
    try:
        table = classification_table(actor=user, start=dates["start"], end=dates["end"])
    except DomainError as exc:
        period.add_error(None, exc.message)
        dates = PeriodForm.default()
        table = classification_table(actor=user, start=dates["start"], end=dates["end"])
        status = 422
    return render(
        request,
        "complaints/statistics.html",
        {
            "period": period,
            "table": table,
            "chart": chart_data(table),
            "query": f"start={table.start.isoformat()}&end={table.end.isoformat()}",
            "improvements": queries.improvement_list(user)[:100],
            "improvement_form": improvement_form or ImprovementForm(),
            "done_form": DoneForm(),
            "can_create_improvement": allowed(user, "improvement.create"),
        },
        status=status,
    )


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """顧客投訴分類統計表 by type, department, product and month, with a chart (K-09)."""
    return _statistics_page(request)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    dates = period.cleaned_data if period.is_bound and period.is_valid() else PeriodForm.default()
    try:
        name, content_type, body = export_statistics(
            actor=actor(request),
            start=dates["start"],
            end=dates["end"],
            fmt=request.GET.get("format", "xlsx"),
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return attachment(name, content_type, body)


@login_required
@require_POST
def improvement_new(request: HttpRequest) -> HttpResponse:
    form = ImprovementForm(request.POST)
    done = submit(
        form,
        lambda d: services.create_improvement_action(
            actor=actor(request),
            draft=services.NewImprovement(
                title=d["title"],
                owner_id=d["owner_id"].pk,
                due_on=d["due_on"],
                nature=d["nature"],
                complaint_number=d["complaint_number"],
            ),
        ),
    )
    if done is None:
        return _statistics_page(request, status=422, improvement_form=form)
    messages.success(request, _("The improvement action is recorded."))
    return redirect("complaints:statistics")


@login_required
@require_POST
def improvement_done(request: HttpRequest, action_id: int) -> HttpResponse:
    form = DoneForm(request.POST)
    if (
        submit(
            form,
            lambda d: services.complete_improvement_action(
                actor=actor(request), action_id=action_id, note=d["note"]
            ),
        )
        is None
    ):
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Write the result.")
        )
    else:
        messages.success(request, _("The improvement action is done."))
    if allowed(actor(request), "complaint.statistics"):
        return redirect("complaints:statistics")
    return redirect("complaints:list")


@login_required
def handling_rule(request: HttpRequest) -> HttpResponse:
    """The shop's rule for malicious complaints (K-10); managers edit it."""
    user = actor(request)
    row = PolicyText.objects.filter(key=PolicyText.Key.MALICIOUS).first()
    form = RuleForm(request.POST or None, initial={"text": row.text if row else ""})
    saved = request.method == "POST" and submit(
        form,
        lambda d: services.save_handling_rule(
            actor=user, key=PolicyText.Key.MALICIOUS, text=d["text"]
        ),
    )
    if saved:
        messages.success(request, _("The rule is saved."))
        return redirect("complaints:rule")
    return render(
        request,
        "complaints/rule.html",
        {"form": form, "rule": row, "can_edit": allowed(user, "complaint.manage_rules")},
        status=status_of(form),
    )


# --- incidents ------------------------------------------------------------------------------


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not allowed(user, "incident.view"):
        raise PermissionDenied("incident.view")
    form = IncidentForm(request.POST or None, initial={"kind": IncidentKind.WRONG_BATCH})
    if request.method == "POST":
        created = submit(form, lambda d: services.create_incident(actor=user, **d))
        if created is not None:
            return redirect("complaints:incident", incident_id=created.pk)
    return render(
        request,
        "complaints/incidents.html",
        {
            "incidents": queries.incident_list(user)[:200],
            "form": form,
            "can_create": allowed(user, "incident.create"),
        },
        status=status_of(form),
    )


INCIDENT_FORMS: dict[str, tuple[type[forms.Form], Callable[..., Any], str]] = {
    "tickets": (
        NumbersForm,
        lambda a, i, f: services.link_tickets(actor=a, incident=i, numbers=f.number_list()),
        "incident.link",
    ),
    "complaints": (
        NumbersForm,
        lambda a, i, f: services.link_complaints(actor=a, incident=i, numbers=f.number_list()),
        "incident.link",
    ),
    "message": (
        IncidentMessageForm,
        lambda a, i, f: services.message_affected_customers(
            actor=a, incident=i, body=f.cleaned_data["body"]
        ),
        "incident.message",
    ),
    "announcement": (
        AnnouncementForm,
        lambda a, i, f: services.publish_announcement(
            actor=a, incident=i, text=f.cleaned_data["text"]
        ),
        "incident.publish",
    ),
}


def _incident_page(
    request: HttpRequest,
    incident: Incident,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    user = actor(request)
    bound = bound or {}
    panels = {
        name: bound.get(name)
        or form_class(
            prefix=name, initial={"text": incident.announcement} if name == "announcement" else None
        )
        for name, (form_class, _call, permission) in INCIDENT_FORMS.items()
        if allowed(user, permission)
    }
    return render(
        request,
        "complaints/incident.html",
        {
            "incident": incident,
            "panels": panels,
            "tickets": queries.incident_tickets(user, incident),
            "complaints": queries.incident_complaints(user, incident),
            "affected": len(services.affected_customer_ids(incident)),
            "sent": incident.messages.select_related("sent_by")[:20],
        },
        status=status,
    )


@login_required
@require_GET
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_page(request, load_incident(request, incident_id))


@login_required
@require_POST
def incident_action(request: HttpRequest, incident_id: int, action: str) -> HttpResponse:
    if action not in INCIDENT_FORMS:
        raise Http404
    incident = load_incident(request, incident_id)
    form_class, call, _permission = INCIDENT_FORMS[action]
    form = form_class(request.POST, prefix=action)
    if submit(form, lambda _d: call(actor(request), incident, form)) is None:
        return _incident_page(request, incident, status=422, bound={action: form})
    messages.success(request, _("Done."))
    return redirect("complaints:incident", incident_id=incident.pk)
