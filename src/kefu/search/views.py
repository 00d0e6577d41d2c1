"""The search page: one box, the hits the user may see, ten more on each "next"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kefu.core.errors import DomainError
from kefu.search.queries import Results, search
from kefu.search.registry import providers

PAGE = 20


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kinds = {p.kind: p.label for p in providers()}
    offset = _int(request.GET.get("offset"))
    results = Results([], PAGE, offset, False, [])
    error = ""
    if text:
        try:
            results = search(
                request.user,  # type: ignore[arg-type]
                text,
                kinds=[kind] if kind in kinds else None,
                limit=PAGE,
                offset=offset,
            )
        except DomainError as exc:
            error = exc.message
    context = {
        "q": text,
        "kind": kind if kind in kinds else "",
        "kinds": kinds,
        "results": results,
        "error": error,
        "previous": max(0, offset - PAGE),
        "next": offset + PAGE,
    }
    return render(request, "search/results.html", context)
