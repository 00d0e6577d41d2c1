"""Pages of the callbacks app: campaigns (list, create, detail with calls and coverage), the
call page with the scripts by outcome, the summary report and rest hours. Thin: parse → one
call → render; a service's refusal lands on the form, in place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.callbacks import queries, reports, services
from kefu.callbacks.forms import (
    CampaignForm,
    RecordForm,
    RestHoursForm,
    ScheduleForm,
    StartForm,
    SummaryForm,
)
from kefu.callbacks.models import CallbackCampaign, RestPeriod
from kefu.callbacks.workflow import WORKFLOW
from kefu.core.audit import record_audit
from kefu.core.errors import DomainError
from kefu.core.models import Role, User
from kefu.core.pagination import page
from kefu.core.permissions import allowed
from kefu.core.reports import XLSX, attachment
from kefu.customers.masking import masked
from kefu.web.forms import form_status, run_form, run_service


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _offset(request: HttpRequest) -> int:
    text = request.GET.get("offset", "")
    return int(text) if text.isdigit() else 0


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "callbacks/list.html",
        {
            "campaigns": page(queries.campaign_list(user), limit=30, offset=_offset(request)),
            "my_calls": queries.task_list(user, mine=True, status="open")[:50],
            "can_manage": allowed(user, "callback.manage"),
        },
    )


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not allowed(_user(request), "callback.manage"):
        raise PermissionDenied("callback.manage")
    form = CampaignForm(request.POST or None, initial={"team_id": _user(request).team_id})
    if request.method == "POST":
        created = run_form(
            form, lambda: services.create_campaign(actor=_user(request), data=form.cleaned_data)
        )
        if created is not None:
            return redirect("callbacks:detail", campaign_id=created.pk)
    return render(request, "callbacks/form.html", {"form": form}, status=form_status(form))


def _campaign(request: HttpRequest, campaign_id: int) -> CallbackCampaign:
    return run_service(lambda: queries.campaign(_user(request), campaign_id))


@login_required
@require_GET
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The campaign: criteria, buttons, coverage and gaps (V-03), the calls."""
    campaign = _campaign(request, campaign_id)
    user = _user(request)
    team_agents = list(
        User.objects.filter(is_active=True, role=Role.AGENT, team_id=campaign.team_id).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "callbacks/detail.html",
        {
            "campaign": campaign,
            "actions": WORKFLOW.allowed_actions(campaign.state, user),
            "start_form": StartForm(initial={"agent_ids": team_agents}),
            "coverage": reports.coverage(campaign) if campaign.state != "draft" else None,
            "tasks": page(
                queries.task_list(user, campaign_id=campaign.pk), limit=100, offset=_offset(request)
            ),
        },
    )


@login_required
@require_POST
def campaign_action(request: HttpRequest, campaign_id: int, action: str) -> HttpResponse:
    """start / add_customers / finish / archive, from the detail and report pages."""
    campaign = _campaign(request, campaign_id)
    user = _user(request)
    form = StartForm(request.POST)
    form.is_valid()
    agents = form.cleaned_data.get("agent_ids") or None
    runs = {
        "start": lambda: services.start_campaign(actor=user, campaign=campaign, agent_ids=agents),
        "add_customers": lambda: services.add_customers(
            actor=user, campaign=campaign, agent_ids=agents
        ),
        "finish": lambda: services.finish_campaign(actor=user, campaign=campaign),
        "archive": lambda: services.archive_campaign(actor=user, campaign=campaign),
    }
    if action not in runs:
        raise Http404(action)
    try:
        run_service(runs[action])
    except DomainError as exc:
        messages.error(request, exc.message)
    target = "callbacks:report" if action == "archive" else "callbacks:detail"
    return redirect(target, campaign_id=campaign.pk)


# --- the call ---------------------------------------------------------------------------------


def _call_context(request: HttpRequest, task_id: int, **extra: Any) -> dict[str, Any]:
    task = run_service(lambda: queries.task(_user(request), task_id))
    outcome = extra.pop("outcome", "")
    return {
        "task": task,
        "scripts": queries.call_scripts(task, _user(request), outcome, request.LANGUAGE_CODE),
        "records": queries.records(_user(request), task.pk),
        "rest_hours": RestPeriod.objects.all(),
        "phone": masked("phone", task.customer.phone),
        "can_call": allowed(_user(request), "callback.call", task)
        and task.campaign.state == "running"
        and task.status == "open",
        "form": RecordForm(),
        "schedule_form": ScheduleForm(),
        **extra,
    }


@login_required
def call_page(request: HttpRequest, task_id: int) -> HttpResponse:
    """The call (V-02, V-04): scripts by outcome, the record form, earlier attempts."""
    context = _call_context(request, task_id)
    if request.method == "POST":
        form = RecordForm(request.POST)
        task = context["task"]
        saved = run_form(
            form, lambda: services.record_call(actor=_user(request), task=task, data=form.call())
        )
        if saved is not None:
            messages.success(request, _("The callback record was saved."))
            return redirect("callbacks:call", task_id=task.pk)
        outcome = form.data.get("outcome", "")
        context = _call_context(request, task_id, form=form, outcome=outcome)
        return render(request, "callbacks/call.html", context, status=422)
    return render(request, "callbacks/call.html", context)


@login_required
@require_GET
def call_scripts(request: HttpRequest, task_id: int) -> HttpResponse:
    """The scripts of the chosen outcome (htmx swap when the outcome radio changes)."""
    context = _call_context(request, task_id, outcome=request.GET.get("outcome", ""))
    return render(request, "callbacks/call.html#scripts", context)


@login_required
@require_POST
def call_schedule(request: HttpRequest, task_id: int) -> HttpResponse:
    context = _call_context(request, task_id)
    form = ScheduleForm(request.POST)
    task = context["task"]
    if (
        run_form(
            form,
            lambda: services.schedule_call(
                actor=_user(request), task=task, at=form.cleaned_data["at"]
            ),
        )
        is not None
    ):
        messages.success(request, _("The call was scheduled."))
        return redirect("callbacks:call", task_id=task.pk)
    context["schedule_form"] = form
    return render(request, "callbacks/call.html", context, status=422)


# --- the summary report -------------------------------------------------------------------------


@login_required
def report_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """回访总结报告 (V-05): coverage, outcomes, problems, suggestions; archived = final."""
    campaign = _campaign(request, campaign_id)
    user = _user(request)
    form = SummaryForm(
        request.POST or None,
        initial={"problems_found": campaign.problems_found, "suggestions": campaign.suggestions},
    )
    saved = request.method == "POST" and run_form(
        form,
        lambda: services.write_summary(
            actor=user,
            campaign=campaign,
            problems_found=form.cleaned_data["problems_found"],
            suggestions=form.cleaned_data["suggestions"],
        ),
    )
    if saved:
        return redirect("callbacks:report", campaign_id=campaign.pk)
    return render(
        request,
        "callbacks/report.html",
        {
            "campaign": campaign,
            "summary": reports.campaign_summary(campaign),
            "form": form,
            "actions": WORKFLOW.allowed_actions(campaign.state, user),
        },
        status=form_status(form),
    )


@login_required
@require_GET
def report_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    if not allowed(_user(request), "callback.manage"):
        raise PermissionDenied("callback.manage")
    body = reports.summary_xlsx(campaign, reports.campaign_summary(campaign))
    response = attachment(f"callback-summary-{campaign.pk}.xlsx", XLSX, body)
    record_audit(
        actor=_user(request), action="callback.report_exported", subject=campaign, request=request
    )
    return response


@login_required
def rest_hours_page(request: HttpRequest) -> HttpResponse:
    """The shop's rest hours; managers and admins change them (V-03)."""
    rows = list(RestPeriod.objects.all())
    text = "\n".join(f"{r.starts_at:%H:%M}-{r.ends_at:%H:%M} {r.name}".strip() for r in rows)
    form = RestHoursForm(request.POST or None, initial={"spans": text})
    if (
        request.method == "POST"
        and run_form(
            form,
            lambda: services.set_rest_hours(actor=_user(request), spans=form.cleaned_data["spans"]),
        )
        is not None
    ):
        messages.success(request, _("The rest hours were saved."))
        return redirect("callbacks:rest_hours")
    return render(
        request,
        "callbacks/rest_hours.html",
        {
            "rows": rows,
            "form": form,
            "can_edit": allowed(_user(request), "callback.rest_hours"),
        },
        status=form_status(form),
    )
