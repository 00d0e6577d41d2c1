"""The public survey page a customer opens from the SMS: no login, one answer, rate-limited.

The link's token is the only key: a bad, used or expired link gets a friendly refusal and
changes nothing. Pages are never cached and never send the link as a referrer elsewhere.
Implements Q-03.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kefu.core.errors import DomainError, InvalidInput
from kefu.surveys import services
from kefu.surveys.forms import AnswerForm, show_domain_error

TOO_MANY = 429


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    brand = settings.KEFU_BRAND
    response = render(request, template, {"brand": brand, **context}, status=status)
    # same-origin: the token never leaves in a Referer, and the form's POST keeps its Origin
    # (no-referrer makes browsers send "Origin: null", which CSRF protection refuses).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return _page(request, "surveys/public_refused.html", {"message": message}, status)


@never_cache
def answer_page(request: HttpRequest, token: str) -> HttpResponse:
    address = request.META.get("REMOTE_ADDR", "")
    if services.rate_limited(address, token):
        return _refused(request, _("Too many attempts. Please try again later."), TOO_MANY)
    survey = services.survey_for_token(token)
    problem = services.refusal(survey, timezone.now())
    if problem is not None:
        return _refused(request, problem.message, problem.status)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_by_link(token=token, answers=form.answers())
        except InvalidInput as exc:
            show_domain_error(form, exc)
        except DomainError as exc:
            return _refused(request, exc.message, exc.status)
        else:
            return _page(request, "surveys/public_thanks.html", {"survey": survey})
    status = 422 if form.is_bound and form.errors else 200
    return _page(request, "surveys/public_answer.html", {"form": form, "survey": survey}, status)
