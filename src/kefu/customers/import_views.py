"""The supervisor's import page (C-02): upload → background import → live progress → report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import DomainError, Forbidden, InvalidInput
from kefu.core.permissions import allowed
from kefu.customers.import_runs import confirm_customer_import, start_customer_import
from kefu.customers.models import CustomerImport, ImportMode, ImportStatus

ERRORS_SHOWN = 200
RUNS_SHOWN = 20


def _supervisor(request: HttpRequest) -> None:
    if not allowed(request.user, "customer.import"):  # type: ignore[arg-type]
        raise PermissionDenied("customer.import")


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """The upload form and the latest runs; an upload is previewed first."""
    _supervisor(request)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidInput("file_required", _("Choose a file to upload."))
            run = start_customer_import(
                actor=request.user,  # type: ignore[arg-type]
                file=upload,
                filename=upload.name or "",
                mode=request.POST.get("mode") or ImportMode.PREVIEW,
            )
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("customers:import_run", run_id=run.pk)
    runs = CustomerImport.objects.select_related("created_by")[:RUNS_SHOWN]
    context = {"runs": runs, "error": error, "modes": ImportMode.choices}
    return render(request, "customers/imports.html", context, status=422 if error else 200)


def _run_context(run: CustomerImport) -> dict[str, object]:
    finished = run.status not in (ImportStatus.PENDING, ImportStatus.RUNNING)
    return {
        "run": run,
        "finished": finished,
        "errors": run.row_errors.all()[:ERRORS_SHOWN] if finished else [],
        "can_confirm": finished and run.mode == ImportMode.PREVIEW and run.status == "done",
    }


@login_required
@require_GET
def import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    _supervisor(request)
    run = get_object_or_404(CustomerImport, pk=run_id)
    return render(request, "customers/import_run.html", _run_context(run))


@login_required
@require_GET
def import_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress bar and, once finished, the report (htmx polls it every second)."""
    _supervisor(request)
    run = get_object_or_404(CustomerImport, pk=run_id)
    return render(request, "customers/import_run.html#progress", _run_context(run))


@login_required
@require_POST
def import_confirm(request: HttpRequest, run_id: int) -> HttpResponse:
    """After the preview: import the good rows, or everything only if every row is good."""
    _supervisor(request)
    preview = get_object_or_404(CustomerImport, pk=run_id)
    try:
        run = confirm_customer_import(
            actor=request.user,  # type: ignore[arg-type]
            preview=preview,
            mode=request.POST.get("mode", ""),
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        context = {**_run_context(preview), "error": exc.message}
        return render(request, "customers/import_run.html", context, status=422)
    return redirect("customers:import_run", run_id=run.pk)
