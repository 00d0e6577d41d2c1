"""Pages of the presales app: the pipeline (board and list), the inquiry queue and composer,
the lead page (needs, recommendations, objections, moves, the deal) and the supervisor's
report with its export. Thin: parse → one call → render; a refusal lands on its form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kefu.core.errors import DomainError
from kefu.core.models import Team, User
from kefu.core.pagination import page
from kefu.core.permissions import SUPERVISORS, allowed
from kefu.knowledge.models import Scene
from kefu.knowledge.queries import scripts_for
from kefu.knowledge.services import render_script
from kefu.presales import forms as f
from kefu.presales import queries, reports, services
from kefu.presales.models import Lead, ObjectionKind, Stage
from kefu.presales.workflow import BUTTONS, WORKFLOW
from kefu.web.forms import run_form, run_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filters(request: HttpRequest) -> dict[str, Any]:
    """Agents see their own and their team's leads; supervisors pick an agent or a team."""
    return {
        "owner_id": _int(request.GET.get("owner")),
        "team_id": _int(request.GET.get("team")),
    }


@login_required
@require_GET
def pipeline(request: HttpRequest) -> HttpResponse:
    """The board (a column per stage) or the list, per agent or team. Implements S-08."""
    user, filters = _user(request), _filters(request)
    as_list = request.GET.get("view") == "list"
    stage = request.GET.get("stage") if request.GET.get("stage") in Stage.values else None
    context: dict[str, Any] = {
        "as_list": as_list,
        "filters": filters,
        "stage": stage,
        "stages": Stage.choices,
        "agents": User.objects.filter(is_active=True).order_by("username")
        if user.role in SUPERVISORS
        else [],
        "teams": Team.objects.order_by("name") if user.role in SUPERVISORS else [],
        "can_report": allowed(user, "presales.report"),
        # One reverse per page, not per card: /presales/leads/<pk>/ is this prefix + pk.
        "lead_url": reverse("presales:lead", args=[0]).removesuffix("0/"),
    }
    if as_list:
        offset = _int(request.GET.get("offset")) or 0
        qs = queries.lead_list(user, stage=stage, cards=True, **filters)
        context["leads"] = page(qs, limit=50, offset=offset)
        context["leads"]["items"] = queries.labelled(context["leads"]["items"])
    else:
        context["columns"] = queries.board(user, **filters)
    return render(request, "presales/pipeline.html", context)


@login_required
@require_GET
def inquiry_list(request: HttpRequest) -> HttpResponse:
    """The inquiry queue with each first-response and promise deadline state (S-02)."""
    user = _user(request)
    rows = page(
        queries.inquiry_list(user, mine=request.GET.get("mine") == "1"),
        limit=50,
        offset=_int(request.GET.get("offset")) or 0,
    )
    rows["items"] = queries.with_deadlines(rows["items"])
    return render(request, "presales/inquiries.html", {"inquiries": rows, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_new(request: HttpRequest) -> HttpResponse:
    form = f.InquiryForm(request.POST or None)
    if request.method == "POST":
        row = run_form(
            form,
            lambda: services.receive_inquiry(
                actor=_user(request), data=services.InquiryData(**form.cleaned_data)
            ),
        )
        if row is not None:
            return redirect("presales:inquiry", row.pk)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "presales/inquiry_new.html", {"form": form}, status=status)


def _inquiry_page(request: HttpRequest, inquiry: Any, form: forms.Form | None) -> HttpResponse:
    user = _user(request)
    first = inquiry.answered_at is None
    if form is None:
        text = queries.opening_text(inquiry, user, settings.KEFU_BRAND) if first else ""
        form = f.ReplyForm(initial={"body": text})
    context = {
        "inquiry": queries.with_deadlines([inquiry])[0],
        "replies": list(inquiry.replies.select_related("author")),
        "form": form,
        "first": first,
        "promise_scripts": scripts_for(Scene.PROMISE_CHECK),
        "can_work": allowed(user, "presales.work", inquiry),
        "now": timezone.now(),
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "presales/inquiry.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_detail(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    """An inquiry with the composer pre-filled by the opening; reply, or promise (S-03, S-04)."""
    inquiry = run_service(lambda: queries.inquiry(_user(request), inquiry_id))
    if request.method == "GET":
        return _inquiry_page(request, inquiry, None)
    form = f.ReplyForm(request.POST)
    done = run_form(
        form,
        lambda: services.reply_to_inquiry(
            actor=_user(request),
            inquiry=inquiry,
            body=form.cleaned_data["body"],
            promise=form.cleaned_data["promise"],
        ),
    )
    if done is not None:
        return redirect("presales:inquiry", inquiry.pk)
    return _inquiry_page(request, inquiry, form)


def _lead_forms(lead: Lead, needs: Any, suggestions: list[Any]) -> dict[str, forms.Form]:
    version = {"version": lead.version}
    budget = f"{needs.budget_fen / 100:.2f}" if needs.budget_fen else ""
    values = {n: getattr(needs, n) for n in ("decision_maker", "what", "when", "where", "why")}
    recommendation = scripts_for(Scene.RECOMMENDATION)
    return {
        "needs": f.NeedsForm(
            initial={
                **version,
                **values,
                "how": needs.how,
                "features": needs.features,
                "budget_yuan": budget,
                "category_id": needs.category_id,
            }
        ),
        "recommend": f.RecommendForm(
            initial={
                **version,
                "message": render_script(recommendation[-1], {}) if recommendation else "",
            },
            product_ids=[m.product.pk for m in suggestions],
        ),
        "objection": f.ObjectionForm(initial=version),
        "lose": f.LoseForm(initial=version),
        "win": f.WinForm(initial={**version, "quantity": 1}),
    }


def _lead_page(
    request: HttpRequest, lead: Lead, failed: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    user = _user(request)
    needs = queries.needs_of(lead)
    suggestions = queries.suggestions(lead)
    lead_forms = _lead_forms(lead, needs, suggestions)
    if failed is not None:
        lead_forms[failed[0]] = failed[1]
    actions = WORKFLOW.allowed_actions(lead.stage, user)
    context = {
        "lead": lead,
        "needs": needs,
        "suggestions": suggestions,
        "forms": lead_forms,
        "actions": actions,
        "buttons": [(a, WORKFLOW.labels[a]) for a in actions if a in BUTTONS],
        "recommendations": list(lead.recommendations.select_related("product")),
        "objections": list(lead.objections.select_related("script")),
        "scripts": queries.objection_scripts(),
        "objection_kinds": ObjectionKind.choices,
        "inquiries": list(lead.inquiries.select_related("product")),
        "can_work": allowed(user, "presales.work", lead),
    }
    return render(request, "presales/lead.html", context, status=422 if failed else 200)


@login_required
@require_GET
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    return _lead_page(request, run_service(lambda: queries.lead(_user(request), lead_id)))


def _step(name: str, form: Any, actor: User, lead: Lead) -> Callable[[], Any]:
    """The one service a lead form calls."""
    d = form.cleaned_data
    steps: dict[str, Callable[[], Any]] = {
        "needs": lambda: services.record_needs(
            actor=actor, lead=lead, version=d["version"], changes=form.changes()
        ),
        "recommend": lambda: services.send_recommendation(
            actor=actor,
            lead=lead,
            version=d["version"],
            product_ids=d["product_ids"],
            message=d["message"],
        ),
        "objection": lambda: services.record_objection(
            actor=actor,
            lead=lead,
            version=d["version"],
            kind=d["kind"],
            words=d["words"],
            answer=d["answer"],
            script_id=d["script_id"],
        ),
        "move": lambda: services.transition_lead(
            actor=actor, lead=lead, version=d["version"], action=d["action"]
        ),
        "lose": lambda: services.lose_lead(
            actor=actor, lead=lead, version=d["version"], reason=d["reason"]
        ),
        "win": lambda: services.win_lead(
            actor=actor,
            lead=lead,
            version=d["version"],
            data=services.DealData(
                expected_delivery_on=d["expected_delivery_on"],
                order_number=d["order_number"],
                product_ids=[d["product_id"]] if d["product_id"] else [],
                quantity=d["quantity"],
            ),
        ),
    }
    return steps[name]


FORMS: dict[str, type[forms.Form]] = {
    "needs": f.NeedsForm,
    "recommend": f.RecommendForm,
    "objection": f.ObjectionForm,
    "move": f.MoveForm,
    "lose": f.LoseForm,
    "win": f.WinForm,
}


@login_required
@require_POST
def lead_step(request: HttpRequest, lead_id: int, step: str) -> HttpResponse:
    """One step on a lead: needs, recommendation, objection, a move, lost or won."""
    if step not in FORMS:
        raise Http404
    user = _user(request)
    lead = run_service(lambda: queries.lead(user, lead_id))
    if step == "recommend":
        form: Any = f.RecommendForm(request.POST, product_ids=_posted_ids(request))
    else:
        form = FORMS[step](request.POST)

    def action() -> Any:
        return _step(step, form, user, lead)()

    if run_form(form, action) is not None:
        return redirect("presales:lead", lead.pk)
    lead.refresh_from_db()
    return _lead_page(request, lead, (step, form))


def _posted_ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("product_ids") if v.isdigit()]


def _period(request: HttpRequest) -> tuple[f.PeriodForm, reports.Period | None]:
    today = timezone.localdate()
    form = f.PeriodForm(request.GET or {"first": today.replace(month=1, day=1), "last": today})
    if not form.is_valid():
        return form, None
    try:
        return form, reports.Period(form.cleaned_data["first"], form.cleaned_data["last"])
    except DomainError as exc:
        f.show_domain_error(form, exc)
        return form, None


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Conversion per stage and per agent per month, objections per kind (S-07, S-08)."""
    user = _user(request)
    if not allowed(user, "presales.report"):
        raise PermissionDenied
    form, period = _period(request)
    context: dict[str, Any] = {"form": form, "period": period}
    if period is not None:
        context.update(
            stages=reports.stage_conversion(user, period),
            agents=reports.agent_months(user, period),
            objections=[
                (ObjectionKind(k).label, n)
                for k, n in reports.objection_counts(user, period).items()
            ],
        )
    return render(request, "presales/report.html", context, status=200 if period else 422)


@login_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The lead list (with the pipeline's filters) as Excel or CSV, formulas neutralised."""
    user = _user(request)
    if not allowed(user, "presales.report"):
        raise PermissionDenied
    stage = request.GET.get("stage") if request.GET.get("stage") in Stage.values else None
    rows = reports.export_rows(queries.lead_list(user, stage=stage, **_filters(request)))
    stamp = f"{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(reports.leads_xlsx(rows), content_type=XLSX)
    else:
        response = HttpResponse(reports.leads_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="leads-{stamp}.{fmt}"'
    return response
