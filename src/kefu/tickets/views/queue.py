"""The queue page (工单队列): filters, soonest deadline first, cursor paging, htmx updates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kefu.core.errors import DomainError
from kefu.tickets.forms import QueueFilterForm
from kefu.tickets.models import Category, Status
from kefu.tickets.page_queries import QueueFilters, QueuePage, queue_page, teams_for
from kefu.tickets.views.common import actor


def _filters(form: QueueFilterForm) -> tuple[QueueFilters, str | None]:
    if not form.is_valid():
        return QueueFilters(), None
    d = form.cleaned_data
    filters = QueueFilters(
        scope=d["scope"] or "",
        breaching=d["breaching"],
        status=d["status"] or "open",
        category=d["category"] or "",
        team_id=d["team"],
    )
    return filters, d["after"] or None


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Implements the workspace queue of A-01..A-03 (filters mine/team/unassigned/breaching)."""
    user = actor(request)
    form = QueueFilterForm(request.GET)
    filters, after = _filters(form)
    error, status = "", 200
    try:
        result = queue_page(user, filters, after=after)
    except DomainError as exc:
        result, error, status = QueuePage(), exc.message, 422
    context = {
        "page": result,
        "filters": filters,
        "error": error,
        "after": after,
        "scopes": QueueFilterForm.SCOPES,
        "statuses": Status.choices,
        "categories": Category.choices,
        "teams": teams_for(user),
    }
    template = "tickets/queue.html#rows" if request.htmx else "tickets/queue.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)
