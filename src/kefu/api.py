"""The one NinjaAPI: `/api/v1/`, session or token auth, domain errors as JSON, app routers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from kefu.analytics.api import router as analytics_router
from kefu.callbacks.api import router as callbacks_router
from kefu.catalog.api import router as catalog_router
from kefu.channels.api import router as channels_router
from kefu.complaints.api import router as complaints_router
from kefu.core.api import router as core_router
from kefu.core.errors import DomainError, storage_unavailable_message
from kefu.core.tokens import user_for_key
from kefu.customers.api import router as customers_router
from kefu.knowledge.api import router as knowledge_router
from kefu.notify.api import router as notify_router
from kefu.presales.api import router as presales_router
from kefu.quality.api import router as quality_router
from kefu.retention.api import router as retention_router
from kefu.search.api import router as search_router
from kefu.sla.api import router as sla_router
from kefu.surveys.api import router as surveys_router
from kefu.tickets.api import router as tickets_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Kefu API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    description="Kefu (客服) JSON API. Log in (session) or send `Authorization: Bearer <token>`.",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        fields[".".join(loc) or "body"] = str(err.get("msg", ""))
    return _error(request, 422, "invalid_input", _("Some fields are not valid."), fields)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Log in or present a valid API token."))


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number too large for the database (an id of 30 digits) is bad input, not a crash;
    the failed statement ran inside the service's transaction, so nothing was written."""
    return _error(request, 422, "out_of_range", _("A number or value is out of range."))


@api.exception_handler(OperationalError)
def storage_unavailable(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """The database refused to write (read-only, disk full, unreachable): 503, nothing kept."""
    return _error(request, 503, "storage_unavailable", storage_unavailable_message())


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


api.add_router("/", core_router)
api.add_router("/", sla_router)
api.add_router("/", notify_router)
api.add_router("/", quality_router)
api.add_router("/", search_router)
api.add_router("/", knowledge_router)
api.add_router("/", customers_router)
api.add_router("/", catalog_router)
api.add_router("/", tickets_router)
api.add_router("/", presales_router)
api.add_router("/", channels_router)
api.add_router("/", complaints_router)
api.add_router("/", surveys_router)
api.add_router("/", callbacks_router)
api.add_router("/", retention_router)
api.add_router("/", analytics_router)
