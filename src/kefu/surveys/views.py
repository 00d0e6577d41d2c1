"""Staff pages of the surveys app: the monthly report with its exports, the phone-survey
queue and form, follow-ups and improvement actions. Thin: parse → one call → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.audit import record_audit
from kefu.core.errors import DomainError
from kefu.core.models import User
from kefu.core.pagination import page
from kefu.core.permissions import allowed
from kefu.core.reports import CSV, XLSX, attachment
from kefu.surveys import queries, reports, services
from kefu.surveys.forms import AnswerForm, ImprovementForm, NoteForm, show_domain_error
from kefu.surveys.models import Reason, SurveySettings
from kefu.web.forms import run_service


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _report(request: HttpRequest) -> reports.Report:
    if not allowed(_user(request), "survey.report"):
        raise PermissionDenied("survey.report")
    try:
        month = reports.parse_month(request.GET.get("month"))
    except DomainError:
        month = reports.parse_month(None)
    by = request.GET.get("by", "team")
    by = by if by in reports.DIMENSIONS else "team"
    return run_service(lambda: reports.satisfaction_report(_user(request), month=month, by=by))


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    """The monthly satisfaction report (Q-04): table, chart, reasons, follow-ups, actions."""
    report = _report(request)
    user = _user(request)
    chart = {
        "labels": [r.label for r in report.rows],
        "rates": [r.rate for r in report.rows],
        "trend": [{"month": m, "rate": rate, "n": n} for m, rate, n in report.trend],
        "rate_label": _("Satisfaction rate (%)"),
    }
    return render(
        request,
        "surveys/report.html",
        {
            "report": report,
            "chart": chart,
            "dimensions": reports.DIMENSIONS,
            "by_label": reports.DIMENSIONS[report.by][1],
            "follow_ups": queries.follow_ups(user)[:50],
            "actions": queries.improvement_actions(user)[:100],
            "action_form": ImprovementForm(initial={"due_on": None}),
            "can_manage": allowed(user, "improvement.create"),
            "settings": SurveySettings.current(),
            "reasons": Reason.choices,
        },
    )


@login_required
@require_GET
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report as Excel (.xlsx) or CSV (UTF-8 with BOM); every export is audited."""
    report = _report(request)
    name = f"satisfaction-{report.month:%Y-%m}-{report.by}.{fmt}"
    if fmt == "xlsx":
        actions = list(queries.improvement_actions(_user(request)))
        response = attachment(name, XLSX, reports.report_xlsx(report, actions))
    else:
        response = attachment(name, CSV, reports.report_csv(report))
    record_audit(
        actor=_user(request),
        action="survey.report_exported",
        request=request,
        data={"month": f"{report.month:%Y-%m}", "by": report.by, "format": fmt},
    )
    return response


@login_required
@require_GET
def phone_queue(request: HttpRequest) -> HttpResponse:
    """Phone surveys to call (重要客户或投诉客户), the due ones first."""
    offset = request.GET.get("offset", "")
    result = page(
        queries.phone_queue(_user(request)), limit=50, offset=int(offset) if offset.isdigit() else 0
    )
    return render(request, "surveys/phone_queue.html", {"surveys": result})


@login_required
def phone_entry(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The agent types in the answers the customer gave on the phone (Q-03)."""
    survey = run_service(lambda: queries.survey(_user(request), survey_id))
    if not allowed(_user(request), "survey.enter_phone", survey):
        raise PermissionDenied("survey.enter_phone")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run_service(
                lambda: services.record_phone_survey(
                    actor=_user(request), survey=survey, answers=form.answers()
                )
            )
        except DomainError as exc:
            show_domain_error(form, exc)
        else:
            messages.success(request, _("The answers were saved."))
            return redirect("surveys:phone_queue")
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request, "surveys/phone_entry.html", {"form": form, "survey": survey}, status=status
    )


@login_required
@require_POST
def follow_up_close(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    row = run_service(lambda: queries.follow_up(_user(request), follow_up_id))
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what was done for the customer."))
        return redirect("surveys:report")
    try:
        run_service(
            lambda: services.close_follow_up(
                actor=_user(request), follow_up=row, note=form.cleaned_data["note"]
            )
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:report")


@login_required
@require_POST
def improvement_new(request: HttpRequest) -> HttpResponse:
    form = ImprovementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The improvement action was not saved: check every field."))
        return redirect("surveys:report")
    try:
        run_service(
            lambda: services.create_improvement_action(actor=_user(request), data=form.cleaned_data)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The improvement action was added."))
    return redirect("surveys:report")


@login_required
@require_POST
def improvement_done(request: HttpRequest, action_id: int) -> HttpResponse:
    row = run_service(lambda: queries.improvement_action(_user(request), action_id))
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what the action achieved."))
        return redirect("surveys:report")
    try:
        run_service(
            lambda: services.complete_improvement_action(
                actor=_user(request), action=row, note=form.cleaned_data["note"]
            )
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:report")
