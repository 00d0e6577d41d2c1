"""Pages of the analytics app: the service dashboard, customer, product and campaign analysis,
each with its Excel and CSV export, and the tickets behind a figure. Thin: parse → one call →
render; every export is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kefu.analytics import queries
from kefu.analytics.customers import customer_report
from kefu.analytics.durations import DIMENSIONS
from kefu.analytics.effect import DEFAULT_DAYS, callback_touch, effect_report
from kefu.analytics.period import Period, parse_period
from kefu.analytics.products import product_report
from kefu.analytics.service import TITLES, service_report
from kefu.callbacks import queries as callback_queries
from kefu.callbacks.models import CampaignState
from kefu.core.audit import record_audit
from kefu.core.errors import DomainError
from kefu.core.models import User
from kefu.core.pagination import page
from kefu.core.permissions import allowed
from kefu.core.reports import Report, attachment, html_table, page_rows
from kefu.core.reports import render as render_file
from kefu.web.forms import run_service

Builder = Callable[..., Report]
REPORTS: dict[str, tuple[Builder, Any]] = {
    "service": (service_report, gettext_lazy("Service dashboard")),
    "customers": (customer_report, gettext_lazy("Customer analysis")),
    "products": (product_report, gettext_lazy("Product analysis")),
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _period(request: HttpRequest) -> tuple[Period, str]:
    """The asked period, or the default one with the reason it was refused."""
    try:
        return parse_period(request.GET.get("start"), request.GET.get("end")), ""
    except DomainError as exc:
        return parse_period(None, None), exc.message


def _context(report: Report, **extra: Any) -> dict[str, Any]:
    tables = [{"table": t, "rows": page_rows(t), "html": html_table(t)} for t in report.tables]
    charts = {t.key: t.chart_options() for t in report.tables if t.chart}
    return {"report": report, "tables": tables, "charts": charts, **extra}


def _require_viewer(request: HttpRequest) -> None:
    if not allowed(_user(request), "analytics.view"):
        raise PermissionDenied("analytics.view")


def _dimension(request: HttpRequest) -> str:
    by = request.GET.get("by", "")
    return by if by in DIMENSIONS else DIMENSIONS[0]


def _tabs(period: Period, chosen: str) -> list[dict[str, Any]]:
    """The service dashboard's "group by" links, the period kept."""
    return [
        {
            "key": by,
            "label": TITLES[by],
            "url": f"?{period.query()}&by={by}",
            "active": by == chosen,
        }
        for by in DIMENSIONS
    ]


@login_required
@require_GET
def report_page(request: HttpRequest, name: str = "service") -> HttpResponse:
    """One analysis for a period: figures, charts, drill-down links, exports (Y-01..Y-03).
    The service dashboard shows one grouping at a time (``?by=``); its export has all four."""
    _require_viewer(request)
    builder, title = REPORTS[name]
    period, error = _period(request)
    options = {"by": _dimension(request)} if name == "service" else {}
    report = run_service(lambda: builder(actor=_user(request), period=period, **options))
    tabs = _tabs(period, options["by"]) if options else []
    context = _context(report, name=name, title=title, period=period, error=error, tabs=tabs)
    return render(request, "analytics/report.html", context)


def _download(request: HttpRequest, report: Report, fmt: str, data: dict[str, Any]) -> HttpResponse:
    try:
        file_name, content_type, body = render_file(report, fmt)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    record_audit(
        actor=_user(request),
        action="analytics.exported",
        request=request,
        data={"report": report.name, "format": fmt, **data},
    )
    return attachment(file_name, content_type, body)


@login_required
@require_GET
def report_export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """The analysis as Excel or CSV — aggregates only, no personal data (Y-05)."""
    _require_viewer(request)
    if name not in REPORTS:
        raise Http404(name)
    builder, _title = REPORTS[name]
    period, _error = _period(request)
    report = run_service(lambda: builder(actor=_user(request), period=period))
    return _download(request, report, fmt, {"start": period.start.isoformat()})


@login_required
@require_GET
def campaigns(request: HttpRequest) -> HttpResponse:
    """The callback campaigns whose effect can be measured (Y-04)."""
    _require_viewer(request)
    rows = callback_queries.campaign_list(_user(request)).exclude(state=CampaignState.DRAFT)
    offset = request.GET.get("offset", "0")
    listed = page(rows, limit=50, offset=int(offset) if offset.isdigit() else 0)
    return render(request, "analytics/campaigns.html", {"campaigns": listed, "name": "campaigns"})


def _days(request: HttpRequest) -> int:
    text = request.GET.get("days", "")
    return int(text) if text.isdigit() else DEFAULT_DAYS


def _effect(request: HttpRequest, campaign_id: int) -> tuple[Any, Report]:
    _require_viewer(request)
    user = _user(request)
    campaign = run_service(lambda: callback_queries.campaign(user, campaign_id))
    try:
        report = run_service(
            lambda: effect_report(actor=user, touch=callback_touch(campaign), days=_days(request))
        )
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return campaign, report


@login_required
@require_GET
def campaign_effect(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Before/after of a callback campaign's customers against those not reached (Y-04)."""
    campaign, report = _effect(request, campaign_id)
    context = _context(
        report, name="campaigns", title=_("Campaign effect"), campaign=campaign, days=_days(request)
    )
    return render(request, "analytics/effect.html", context)


@login_required
@require_GET
def campaign_export(request: HttpRequest, campaign_id: int, fmt: str) -> HttpResponse:
    _campaign, report = _effect(request, campaign_id)
    return _download(request, report, fmt, {"campaign": campaign_id})


@login_required
@require_GET
def tickets(request: HttpRequest) -> HttpResponse:
    """The tickets behind a figure, newest first, 50 a page (Y-01 drill-down)."""
    _require_viewer(request)
    period, error = _period(request)
    filters = queries.drill_filters(request.GET)
    try:
        facts = run_service(lambda: queries.drill_tickets(_user(request), period, filters))
    except DomainError as exc:
        raise Http404(exc.message) from exc
    offset = request.GET.get("offset", "0")
    listed = page(facts, limit=50, offset=int(offset) if offset.isdigit() else 0)
    listed["items"] = queries.with_tickets(listed["items"])
    query = request.GET.copy()
    query.pop("offset", None)
    context = {"listed": listed, "period": period, "error": error, "query": query.urlencode()}
    return render(request, "analytics/tickets.html", {**context, "name": "service"})
