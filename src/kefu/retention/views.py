"""Pages of retention: the overview (care rules, touches, campaigns, my leads), the rule form,
the contact cap, a customer's consent, and the public unsubscribe page. Thin: parse → one call
→ render; a service's refusal lands on the form, in place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import DomainError
from kefu.core.models import User
from kefu.core.permissions import allowed
from kefu.retention import queries, services
from kefu.retention.forms import CapForm, ConsentForm, RuleForm
from kefu.retention.models import RetentionSettings
from kefu.web.forms import form_status, run_form, run_service


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "retention/index.html",
        {
            "rules": run_service(lambda: queries.rule_list(user)),
            "touches": queries.recent_touches(user),
            "campaigns": queries.campaign_list(user)[:50],
            "my_leads": queries.my_open_leads(user)[:50],
            "can_manage": allowed(user, "retention.manage_rules"),
            "can_set_cap": allowed(user, "retention.settings"),
            "cap_form": CapForm(initial={"max_touches": RetentionSettings.current().max_touches}),
        },
    )


def _rule_initial(rule: Any) -> dict[str, Any]:
    if rule is None:
        return {}
    return {
        "name": rule.name,
        "kind": rule.kind,
        "channel": rule.channel,
        "content": rule.content,
        "day_of_month": rule.day_of_month,
        "lead_days": rule.lead_days,
        "months": rule.months,
        "product_id": rule.product_id,
        "active": rule.active,
        "member_levels": rule.audience.get("member_levels", []),
        "provinces": ", ".join(rule.audience.get("provinces", [])),
    }


@login_required
def rule_form(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    """A care or repurchase rule (R-01, R-02): supervisors create and change them."""
    user = user_of(request)
    if not allowed(user, "retention.manage_rules"):
        raise PermissionDenied("retention.manage_rules")
    rule = run_service(lambda: queries.rule(user, rule_id)) if rule_id else None
    form = RuleForm(request.POST or None, initial=_rule_initial(rule))
    if request.method == "POST":
        saved = run_form(
            form, lambda: services.save_rule(actor=user, values=form.values(), rule_id=rule_id)
        )
        if saved is not None:
            messages.success(request, _("The care rule was saved."))
            return redirect("retention:index")
    return render(
        request, "retention/rule_form.html", {"form": form, "rule": rule}, status=form_status(form)
    )


@login_required
@require_POST
def contact_cap(request: HttpRequest) -> HttpResponse:
    form = CapForm(request.POST)
    if (
        run_form(
            form,
            lambda: services.set_contact_cap(
                actor=user_of(request), max_touches=form.cleaned_data["max_touches"]
            ),
        )
        is None
    ):
        messages.error(request, " ".join(form.non_field_errors()) or _("Not saved."))
    else:
        messages.success(request, _("The contact cap was saved."))
    return redirect("retention:index")


@login_required
def consent_page(request: HttpRequest, customer_id: int) -> HttpResponse:
    """A customer's marketing consent and its history (R-03)."""
    user = user_of(request)
    customer = run_service(lambda: queries.consent_customer(user, customer_id))
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        saved = run_form(
            form,
            lambda: services.record_consent(
                actor=user,
                customer=customer,
                granted=form.cleaned_data["granted"],
                source=form.cleaned_data["source"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The consent was recorded."))
            return redirect("retention:consent", customer_id=customer.pk)
    return render(
        request,
        "retention/consent.html",
        {
            "customer": customer,
            "history": run_service(lambda: queries.consent_history(user, customer)),
            "form": form,
        },
        status=form_status(form),
    )


@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The public page of a care message's unsubscribe link: no login, effective at once."""
    try:
        customer = services.unsubscribe_by_link(token=token)
    except DomainError as exc:
        response = render(
            request, "retention/unsubscribed.html", {"error": exc.message}, status=exc.status
        )
    else:
        response = render(request, "retention/unsubscribed.html", {"customer": customer})
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
