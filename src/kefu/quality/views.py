"""The quality report page (G-04): per agent per month, every scored conversation with its
reasons, the Excel export, and a supervisor's override. Thin: parse → one call → render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.audit import record_audit
from kefu.core.errors import DomainError
from kefu.core.models import User
from kefu.core.permissions import allowed
from kefu.quality import scores
from kefu.quality.scoring import WEIGHTS
from kefu.web.forms import run_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _month(text: str | None) -> date:
    """``2026-03`` → its first day; missing or malformed → this month."""
    try:
        year, month = (int(part) for part in (text or "").split("-", 1))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    """The month's quality report: agents, then each conversation with its criteria."""
    report = run_service(
        lambda: scores.monthly_report(_user(request), _month(request.GET.get("month")))
    )
    return render(
        request,
        "quality/report.html",
        {
            "report": report,
            "criteria": [(code, scores.criterion_label(code)) for code in WEIGHTS],
            "can_override": allowed(_user(request), "quality.override"),
        },
    )


@login_required
@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    """The month's report as Excel; every export is audited."""
    report = run_service(
        lambda: scores.monthly_report(_user(request), _month(request.GET.get("month")))
    )
    response = HttpResponse(scores.report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="quality-{report.month:%Y-%m}.xlsx"'
    record_audit(
        actor=_user(request),
        action="quality.report_exported",
        request=request,
        data={"month": f"{report.month:%Y-%m}"},
    )
    return response


@login_required
@require_POST
def override(request: HttpRequest, score_id: int) -> HttpResponse:
    """A supervisor's score with a note; back to the report of the same month."""
    month = request.POST.get("month", "")
    value = request.POST.get("score", "").strip()
    try:
        run_service(
            lambda: scores.override_conversation_score(
                actor=_user(request),
                score_id=score_id,
                value=int(value) if value.isdigit() else value,
                note=request.POST.get("note", ""),
            )
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The score is changed."))
    target = redirect("quality:report")
    target["Location"] += f"?month={month}" if month else ""
    return target
