"""Pages of channels: the email quarantine (admins) and the WeChat server endpoint (public).

The quarantine page lists held emails with their error and lets an admin re-run one; the
WeChat endpoint answers WeChat's signed GET (URL check) and POST (a follower's message).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kefu.channels import queries, services, wechat
from kefu.core.errors import DomainError, Forbidden, NotFound
from kefu.core.pagination import page

log = logging.getLogger(__name__)


def _offset(request: HttpRequest) -> int:
    try:
        return max(0, int(request.GET.get("offset", "0")))
    except ValueError:
        return 0


@login_required
def quarantine(request: HttpRequest) -> HttpResponse:
    try:
        qs = queries.quarantine_list(request.user, status="held")  # type: ignore[arg-type]
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    rows = page(qs, offset=_offset(request))
    return render(request, "channels/quarantine.html", {"rows": rows})


@require_POST
@login_required
def rerun(request: HttpRequest, quarantined_id: int) -> HttpResponse:
    try:
        filed = services.release_quarantined(actor=request.user, quarantined_id=quarantined_id)  # type: ignore[arg-type]
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("channels:quarantine")
    if filed.outcome == "quarantined":
        messages.error(request, _("The email still cannot be filed; it stays in the quarantine."))
    else:
        messages.success(request, _("The email was filed."))
    return redirect("channels:quarantine")


@csrf_exempt  # WeChat's servers post here; each request is signed with the shared token
@require_http_methods(["GET", "POST"])
def wechat_endpoint(request: HttpRequest) -> HttpResponse:
    args = request.GET
    if not wechat.signed(
        settings.KEFU_WECHAT_TOKEN,
        args.get("signature", ""),
        args.get("timestamp", ""),
        args.get("nonce", ""),
    ):
        return HttpResponse("invalid signature", status=403, content_type="text/plain")
    if request.method == "GET":
        return HttpResponse(args.get("echostr", ""), content_type="text/plain")
    try:
        fields = wechat.parse_message(request.body)
    except wechat.BadMessage as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain")
    try:
        services.ingest_wechat(fields)
    except DomainError as exc:  # answered "success" anyway: a retry would fail the same way
        log.warning("WeChat message not filed: %s", exc.code)
    return HttpResponse("success", content_type="text/plain")
