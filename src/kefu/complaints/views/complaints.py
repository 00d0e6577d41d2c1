"""Complaint pages: the scoped list, the registration form, the complaint with its actions, the
scripts panel and the live tone warnings; thin over queries and services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from kefu.complaints import queries, services
from kefu.complaints.forms import RegistrationForm
from kefu.complaints.models import Complaint, Status
from kefu.complaints.services.malicious import handling_rule
from kefu.complaints.views.actions import ACTIONS, cleaned, make_form, proposed_plans
from kefu.complaints.views.common import actor, int_or, load, status_of, submit
from kefu.complaints.views.files import attachment_response
from kefu.complaints.workflow import WORKFLOW
from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.pagination import page
from kefu.core.permissions import allowed
from kefu.customers.masking import masked
from kefu.knowledge.queries import scripts_for
from kefu.knowledge.services import render_script
from kefu.quality.checker import check_reply
from kefu.tickets.models import Ticket

# 000 §三(五) 處理流程: 傾聽 → 道歉 → 解決 → 跟進.
SCRIPT_SCENES = (
    "complaint_listen",
    "complaint_apologise",
    "complaint_solve",
    "complaint_follow_up",
)
# Shown in the panel, not as buttons: the composer and the files section hold them.
INLINE_ACTIONS = ("converse", "attach")
TONE_MAX = 5000


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    status = request.GET.get("status", "open")
    rows = queries.complaint_list(
        user,
        status=status or None,
        mine=request.GET.get("mine") == "1",
        crisis=True if request.GET.get("crisis") == "1" else None,
        number=request.GET.get("number", ""),
    )
    return render(
        request,
        "complaints/list.html",
        {
            "complaints": page(rows, limit=50, offset=int_or(request.GET.get("offset"), 0)),
            "filters": request.GET,
            "status": status,
            "statuses": Status.choices,
            "can_register": allowed(user, "complaint.register"),
            "can_see_statistics": allowed(user, "complaint.statistics"),
        },
    )


def _initial_from_ticket(request: HttpRequest) -> dict[str, Any]:
    number = request.GET.get("ticket", "").strip().upper()
    ticket = Ticket.objects.filter(number=number).first() if number else None
    if ticket is None or not allowed(actor(request), "ticket.view", ticket):
        return {"channel": "phone", "source": "direct", "urgency": "normal", "scope": "individual"}
    return {
        "ticket_number": ticket.number,
        "channel": ticket.channel,
        "source": "direct",
        "content": ticket.description,
        "demand": ticket.demand,
        "order_number": ticket.order.number if ticket.order_id else "",
        "urgency": "urgent" if ticket.urgent else "normal",
        "scope": "individual",
    }


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    """The registration form (顧客投訴登記表); ``?ticket=T…`` converts that ticket (K-01)."""
    if not allowed(actor(request), "complaint.register"):
        raise PermissionDenied("complaint.register")
    form = RegistrationForm(
        request.POST or None, request.FILES or None, initial=_initial_from_ticket(request)
    )
    if request.method == "POST":
        created = submit(
            form,
            lambda d: services.register_complaint(
                actor=actor(request),
                draft=services.NewComplaint(**form.draft_values(), attachments=d["attachments"]),
            ),
        )
        if created is not None:
            return redirect("complaints:detail", number=created.number)
    return render(request, "complaints/form.html", {"form": form}, status=status_of(form))


def _scripts(request: HttpRequest, complaint: Complaint) -> list[dict[str, str]]:
    plan = services.approved_plan(complaint)
    values = {
        "customer_name": complaint.customer.name,
        "agent_name": actor(request).display_name,
        "brand": settings.KEFU_BRAND,
        "product": complaint.order_item.product.name if complaint.order_item_id else "",
        "compensation": plan.get_compensation_kind_display() if plan else "",
    }
    language = translation.get_language() or "zh-hans"
    return [
        {
            "scene": s.get_scene_display(),
            "title": s.title,
            "text": render_script(s, values),
            "notes": s.notes,
        }
        for s in scripts_for(SCRIPT_SCENES, language)
    ]


def _actions(request: HttpRequest, complaint: Complaint, bound: dict[str, Any]) -> list[Any]:
    rows = []
    # A refused submission is shown with its message even when the action is no longer open.
    offered = queries.allowed_actions(actor(request), complaint)
    for action in [*[a for a in bound if a not in offered], *offered]:
        if action in INLINE_ACTIONS or action not in ACTIONS:
            continue
        form = bound.get(action) or make_form(action, complaint)
        rows.append({"code": action, "label": WORKFLOW.labels.get(action, action), "form": form})
    return rows


def _page(
    request: HttpRequest,
    complaint: Complaint,
    *,
    status: int = 200,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    bound = bound or {}
    user = actor(request)
    allowed_now = queries.allowed_actions(user, complaint)
    context = {
        "complaint": complaint,
        "contact_phone": masked("phone", complaint.contact_phone),
        "contact_email": masked("email", complaint.contact_email),
        "actions": _actions(request, complaint, bound),
        "open_action": next(iter(bound), ""),
        "plans": queries.plans(complaint),
        "proposed": proposed_plans(complaint),
        "conversation": queries.messages(complaint),
        "files": queries.attachments(complaint),
        "deadlines": queries.deadlines(complaint),
        "link": queries.latest_link(complaint),
        "can_see_accountability": allowed(user, "complaint.view_accountability", complaint),
        "malicious_rule": handling_rule() if complaint.malicious else "",
        "scripts": _scripts(request, complaint),
        "can_converse": "converse" in allowed_now,
        "converse_form": bound.get("converse") or make_form("converse", complaint),
        "can_attach": "attach" in allowed_now,
        "attach_form": bound.get("attach") or make_form("attach", complaint),
    }
    return render(request, "complaints/detail.html", context, status=status)


@login_required
@require_GET
def complaint_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _page(request, load(request, number))


@login_required
@require_POST
def complaint_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """Run one action of the state table from its form; errors come back in place (422)."""
    if action not in ACTIONS:
        raise Http404
    complaint = load(request, number)
    form = make_form(action, complaint, request.POST, request.FILES)
    done = submit(
        form, lambda _d: ACTIONS[action].call(actor(request), complaint, cleaned(action, form))
    )
    if done is None:
        return _page(request, load(request, number), status=422, bound={action: form})
    messages.success(request, str(ACTIONS[action].done))
    return redirect("complaints:detail", number=complaint.number)


def customer_panel(user: User, customer: Any) -> dict[str, Any]:
    """The complaints section of the customer 360 page (C-04)."""
    return {
        "complaints": queries.customer_complaints(user, customer.pk),
        "can_register": allowed(user, "complaint.register"),
    }


@login_required
@require_POST
def tone_check(request: HttpRequest) -> HttpResponse:
    """The composer's live warnings (htmx): the banned phrases of 004 §七 in the draft, each with
    its positive alternative. The phrase list is data (quality's ``BannedPhrase``)."""
    if not allowed(actor(request), "quality.check"):
        raise PermissionDenied("quality.check")
    text = (request.POST.get("body") or request.POST.get("converse-body") or "")[:TONE_MAX]
    return render(request, "complaints/detail.html#tone", {"findings": check_reply(text)})


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    try:
        row = queries.attachment_for(actor(request), attachment_id)
        return attachment_response(row)
    except NotFound as exc:
        raise Http404(exc.message) from exc
