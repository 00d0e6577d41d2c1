"""Request middleware: the language choice (P-07), the request size limit, storage errors.

Language: Simplified Chinese unless the user picked another.

Django's LocaleMiddleware would follow the browser's Accept-Language; a Chinese shop's desk
should open in Chinese on any browser, and switch only when a person asks. API clients are
programs that ask on purpose, so under /api/ an Accept-Language header is honoured.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _

from kefu.core.errors import storage_unavailable_message

log = logging.getLogger(__name__)


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not chosen and request.path.startswith("/api/"):
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response


class StorageErrorMiddleware:
    """A page whose database refuses to write (read-only file, disk full, server gone) answers
    503 in the user's language instead of a crash; the transaction was rolled back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError):
            return None
        log.error("database unavailable for %s %s: %s", request.method, request.path, exception)
        message = storage_unavailable_message()
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")


class BodySizeLimitMiddleware:
    """Refuse a request body larger than the site accepts with 413, before anything reads it.

    Multipart forms (photos) may carry ``KEFU_MAX_UPLOAD_BYTES``; every other body (JSON, plain
    forms) ``DATA_UPLOAD_MAX_MEMORY_SIZE``. The refusal is in the user's language, as JSON under
    /api/ and as a short page elsewhere.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = (
            settings.KEFU_MAX_UPLOAD_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if length > limit:
            return too_large(request, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("The request is too large: at most %(mb)s MB may be sent at once.") % {
        "mb": round(limit / (1024 * 1024), 1)
    }
    if request.path.startswith("/api/"):
        body = {"error": "request_too_large", "message": message, "fields": {}}
        return JsonResponse(body, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
