"""Supervisor pages: classify and distribute customers (C-03), and a customer's PIPL requests —
the copy of their data and the erasure (C-05) — plus the agent's "contacted" record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import DomainError, Forbidden
from kefu.core.models import Role, User
from kefu.core.permissions import allowed
from kefu.customers import classify, distribution, privacy
from kefu.customers.models import MemberLevel, SavedFilter
from kefu.customers.views import _load

PREVIEW_SHOWN = 50


def _criteria(data: QueryDict) -> dict[str, Any]:
    raw: dict[str, Any] = {name: data.get(name, "") for name in classify.TEXT_CRITERIA}
    raw |= {"member_levels": data.getlist("member_levels"), "unassigned": data.get("unassigned")}
    raw["min_value_yuan"] = data.get("min_value_yuan", "")
    return raw


def _context(request: HttpRequest, data: QueryDict) -> dict[str, Any]:
    saved = SavedFilter.objects.filter(pk=data.get("saved") or None).first()
    criteria = saved.criteria if saved else _criteria(data)
    return {
        "criteria": criteria,
        "levels": MemberLevel.choices,
        "saved_filters": SavedFilter.objects.all(),
        "agents": User.objects.filter(role=Role.AGENT, is_active=True).order_by("username"),
        "chosen_agents": [int(a) for a in data.getlist("agents") if a.isdigit()],
        **dict.fromkeys(("plan", "done", "tagged", "matches", "error")),
    }


def _do(request: HttpRequest, context: dict[str, Any], action: str) -> None:
    """The button pressed on the page, as one service call; refusals land on the page."""
    user: User = request.user  # type: ignore[assignment]
    data, criteria = request.POST, context["criteria"]
    if action == "save":
        classify.save_filter(actor=user, name=data.get("name", ""), criteria=criteria)
        messages.success(request, _("Filter saved."))
    elif action == "tag":
        count = classify.tag_customers(actor=user, criteria=criteria, tag=data.get("new_tag", ""))
        context["tagged"] = count
    elif action in ("preview", "confirm"):
        ids = list(
            classify.filter_customers(user, criteria).values_list("pk", flat=True)[
                : distribution.MAX_SELECTION
            ]
        )
        agents = context["chosen_agents"]
        if action == "confirm":
            context["done"] = distribution.distribute_customers(
                actor=user, customer_ids=ids, agent_ids=agents, fingerprint=data.get("fingerprint")
            )
        else:
            context["plan"] = distribution.plan_distribution(
                actor=user, customer_ids=ids, agent_ids=agents
            )


@login_required
def distribute_page(request: HttpRequest) -> HttpResponse:
    """Filter customers, tag them or save the filter, preview and confirm their distribution."""
    if not allowed(request.user, "customer.assign"):  # type: ignore[arg-type]
        raise PermissionDenied("customer.assign")
    data = request.POST if request.method == "POST" else request.GET
    context = _context(request, data)
    status = 200
    if request.method == "POST":
        try:
            _do(request, context, request.POST.get("action", ""))
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            context["error"], status = exc.message, 422 if exc.status != 409 else 409
    else:
        rows = classify.filter_customers(request.user, context["criteria"])  # type: ignore[arg-type]
        context["matches"] = rows.count()
    return render(request, "customers/distribute.html", context, status=status)


@login_required
@require_POST
def reassign_agent(request: HttpRequest, agent_id: int) -> HttpResponse:
    """An agent leaves: their customers go to the rest of their team."""
    agent = get_object_or_404(User, pk=agent_id, role=Role.AGENT)
    try:
        plan = distribution.reassign_agent_customers(actor=request.user, agent=agent)  # type: ignore[arg-type]
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        moved = sum(len(s.customers) for s in plan.shares)
        messages.success(
            request,
            _("%(name)s's %(count)s customers were given to other agents.")
            % {"name": agent.display_name, "count": moved},
        )
    return redirect("customers:distribute")


@login_required
@require_GET
def customer_export(request: HttpRequest, customer_id: int, fmt: str) -> HttpResponse:
    """The customer's copy of their data: JSON or Excel (PIPL access request)."""
    customer = _load(request, customer_id)
    if fmt not in ("json", "xlsx"):
        raise Http404(fmt)
    try:
        data = privacy.export_customer_data(actor=request.user, customer=customer, request=request)  # type: ignore[arg-type]
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    if fmt == "xlsx":
        body, kind = (
            privacy.data_as_xlsx(data),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    else:
        body, kind = privacy.data_as_json(data), "application/json; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="customer-{customer.pk}.{fmt}"'
    return response


@login_required
@require_POST
def customer_erase(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Erase the customer's personal data on their request; the confirmation box is required."""
    customer = _load(request, customer_id)
    if request.POST.get("confirm") != str(customer.pk):
        messages.error(request, _("Type the customer's number to confirm the erasure."))
        return redirect("customers:detail", customer_id=customer.pk)
    try:
        privacy.erase_customer(actor=request.user, customer=customer, request=request)  # type: ignore[arg-type]
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("customers:detail", customer_id=customer.pk)


@login_required
@require_POST
def customer_contact(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The agent records the contact with a newly assigned customer (meets the 7-day deadline)."""
    customer = _load(request, customer_id)
    try:
        distribution.record_contact(
            actor=request.user,  # type: ignore[arg-type]
            customer=customer,
            text=request.POST.get("text", ""),
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("customers:detail", customer_id=customer.pk)
