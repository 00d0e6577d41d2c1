"""Pages of outbound (telemarketing) campaigns: create, detail and lead list, the agent's call
page with the scripts, live monitoring (htmx polling), the summary report and its Excel file.
Implements R-04."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.audit import record_audit
from kefu.core.errors import DomainError
from kefu.core.permissions import allowed
from kefu.customers.masking import masked
from kefu.retention import queries, reports, services
from kefu.retention.forms import CallForm, CampaignForm, LessonsForm, StartForm
from kefu.retention.views import user_of
from kefu.retention.workflow import CAMPAIGN_FLOW
from kefu.web.forms import form_status, run_form, run_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POLL_SECONDS = 5


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not allowed(user, "outbound.manage"):
        raise PermissionDenied("outbound.manage")
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        created = run_form(form, lambda: services.create_campaign(actor=user, data=form.values()))
        if created is not None:
            return redirect("retention:campaign", campaign_id=created.pk)
    return render(request, "retention/campaign_form.html", {"form": form}, status=form_status(form))


@login_required
@require_GET
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = user_of(request)
    campaign = run_service(lambda: queries.campaign(user, campaign_id))
    return render(
        request,
        "retention/campaign.html",
        {
            "campaign": campaign,
            "actions": CAMPAIGN_FLOW.allowed_actions(campaign.state, user),
            "start_form": StartForm(),
            "leads": queries.lead_list(user, campaign_id=campaign.pk)[:200],
        },
    )


@login_required
@require_POST
def campaign_action(request: HttpRequest, campaign_id: int, action: str) -> HttpResponse:
    user = user_of(request)
    campaign = run_service(lambda: queries.campaign(user, campaign_id))
    form = StartForm(request.POST)
    form.is_valid()
    agents = form.cleaned_data.get("agent_ids") or None
    runs = {
        "start": lambda: services.start_campaign(actor=user, campaign=campaign, agent_ids=agents),
        "finish": lambda: services.finish_campaign(actor=user, campaign=campaign),
        "archive": lambda: services.archive_campaign(actor=user, campaign=campaign),
    }
    if action not in runs:
        raise Http404(action)
    try:
        run_service(runs[action])
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("retention:campaign", campaign_id=campaign.pk)


@login_required
@require_GET
def monitor(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """现场活动的监控: done / reached / interested / refused per agent, polled by htmx."""
    user = user_of(request)
    campaign = run_service(lambda: queries.campaign(user, campaign_id))
    if not allowed(user, "outbound.manage"):
        raise PermissionDenied("outbound.manage")
    template = "retention/monitor.html#board" if request.htmx else "retention/monitor.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "campaign": campaign,
            "summary": reports.campaign_summary(campaign),
            "poll_seconds": POLL_SECONDS,
        },
    )


@login_required
def report_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = user_of(request)
    campaign = run_service(lambda: queries.campaign(user, campaign_id))
    form = LessonsForm(request.POST or None, initial={"lessons": campaign.lessons})
    if (
        request.method == "POST"
        and run_form(
            form,
            lambda: services.write_lessons(
                actor=user, campaign=campaign, lessons=form.cleaned_data["lessons"]
            ),
        )
        is not None
    ):
        return redirect("retention:report", campaign_id=campaign.pk)
    return render(
        request,
        "retention/report.html",
        {
            "campaign": campaign,
            "summary": reports.campaign_summary(campaign),
            "form": form,
            "can_write": "summarize" in CAMPAIGN_FLOW.allowed_actions(campaign.state, user),
        },
        status=form_status(form),
    )


@login_required
@require_GET
def report_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = user_of(request)
    campaign = run_service(lambda: queries.campaign(user, campaign_id))
    if not allowed(user, "outbound.manage"):
        raise PermissionDenied("outbound.manage")
    body = reports.summary_xlsx(campaign, reports.campaign_summary(campaign))
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="outbound-summary-{campaign.pk}.xlsx"'
    record_audit(actor=user, action="outbound.report_exported", subject=campaign, request=request)
    return response


def _call_context(request: HttpRequest, lead_id: int, form: Any = None) -> dict[str, Any]:
    user = user_of(request)
    lead = run_service(lambda: queries.lead(user, lead_id))
    scripts = queries.call_scripts(request.LANGUAGE_CODE)
    return {
        "lead": lead,
        "scripts": scripts,
        "phone": masked("phone", lead.customer.phone),
        "calls": lead.calls.select_related("agent"),
        "form": form or CallForm(scripts=scripts),
        "can_call": allowed(user, "outbound.call", lead)
        and lead.campaign.state == "running"
        and not lead.done,
    }


@login_required
def lead_call(request: HttpRequest, lead_id: int) -> HttpResponse:
    """The agent's call: the scripts of the call, the outcome form, earlier calls."""
    context = _call_context(request, lead_id)
    if request.method != "POST":
        return render(request, "retention/call.html", context)
    form = CallForm(request.POST, scripts=context["scripts"])
    saved = run_form(
        form,
        lambda: services.record_lead_call(
            actor=user_of(request),
            lead=context["lead"],
            data=services.CallData(
                outcome=form.cleaned_data["outcome"],
                refusal_reason=form.cleaned_data["refusal_reason"],
                script_id=form.cleaned_data["script_id"],
                notes=form.cleaned_data["notes"],
            ),
        ),
    )
    if saved is not None:
        messages.success(request, _("The call was recorded."))
        return redirect("retention:index")
    return render(request, "retention/call.html", _call_context(request, lead_id, form), status=422)
