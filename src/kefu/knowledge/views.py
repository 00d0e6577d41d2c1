"""Pages: the knowledge base and the script library by scene; thin over queries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kefu.core.errors import NotFound
from kefu.core.pagination import page
from kefu.core.permissions import allowed
from kefu.knowledge import queries
from kefu.knowledge.models import Category, Scene

View = Callable[..., HttpResponse]


def knowledge_page(view: View) -> View:
    """Log in first, then 403 unless the user may read the knowledge base."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allowed(request.user, "knowledge.view"):  # type: ignore[arg-type]
            raise PermissionDenied("knowledge.view")
        return view(request, *args, **kwargs)

    return wrapper


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@knowledge_page
def index(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    text = request.GET.get("q", "").strip()[:200]
    if text:
        articles = {"items": queries.suggest_articles(category or None, None, text, limit=20)}
    else:
        qs = queries.article_list(request.user, category=category or None)  # type: ignore[arg-type]
        articles = page(qs, limit=20, offset=_int(request.GET.get("offset")))
    scripts = queries.scripts_for(Scene.values, request.LANGUAGE_CODE)
    scenes: dict[str, list[object]] = {}
    for row in scripts:
        scenes.setdefault(row.scene, []).append(row)
    return render(
        request,
        "knowledge/index.html",
        {
            "articles": articles,
            "categories": Category.choices,
            "category": category,
            "q": text,
            "scenes": [(Scene(s).label, s, rows) for s, rows in scenes.items()],
        },
    )


@knowledge_page
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        row = queries.article(request.user, article_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "knowledge/article.html", {"article": row})
