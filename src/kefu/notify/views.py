"""Pages of notify: the failed notification queue with a retry button (supervisors and above)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.core.errors import DomainError, Forbidden, NotFound
from kefu.core.pagination import page
from kefu.notify import queries, services


def _offset(request: HttpRequest) -> int:
    try:
        return max(0, int(request.GET.get("offset", "0")))
    except ValueError:
        return 0


@login_required
def failed(request: HttpRequest) -> HttpResponse:
    try:
        qs = queries.message_list(request.user, status="failed")  # type: ignore[arg-type]
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    return render(request, "notify/failed.html", {"rows": page(qs, offset=_offset(request))})


@require_POST
@login_required
def retry(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        row = services.retry_message(actor=request.user, message_id=message_id)  # type: ignore[arg-type]
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        if request.htmx:
            return HttpResponse(exc.message, status=exc.status)
        messages.error(request, exc.message)
        return redirect("notify:failed")
    if request.htmx:
        return render(request, "notify/failed.html#retried", {"row": row})
    messages.success(request, _("The notification was queued again."))
    return redirect("notify:failed")
