"""Scripts and knowledge articles over the API, for the composers and integrators (N-01, N-02)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.idempotency import idempotent_create
from kefu.core.pagination import Page, page
from kefu.core.permissions import require
from kefu.knowledge import queries, services
from kefu.knowledge.models import KnowledgeArticle, Scene, Script
from kefu.knowledge.schemas import (
    ArticleFilter,
    ArticleIn,
    ArticleOut,
    ArticlePatch,
    RenderIn,
    RenderOut,
    ScriptFilter,
    ScriptOut,
    SuggestFilter,
)

router = Router(tags=["knowledge and scripts"])


@router.get("/scripts", response=list[ScriptOut])
def scripts(request: HttpRequest, filters: Query[ScriptFilter]) -> list[Script]:
    """Active scripts of the scenes asked for (all scenes if none), in conversation order."""
    require(request.user, "knowledge.view")  # type: ignore[arg-type]
    return queries.scripts_for(filters.scene or Scene.values, filters.language)


@router.post("/scripts/{script_id}/render", response=RenderOut)
def render(request: HttpRequest, script_id: int, body: RenderIn) -> dict[str, object]:
    """The script with the given placeholders filled; the others stay visible as `{name}`."""
    require(request.user, "knowledge.view")  # type: ignore[arg-type]
    row = queries.script(request.user, script_id)  # type: ignore[arg-type]
    text = services.render_script(row, body.context)
    return {"script_id": row.pk, "text": text, "unfilled": services.unfilled_placeholders(text)}


@router.get("/articles", response=Page[ArticleOut])
def articles(request: HttpRequest, filters: Query[ArticleFilter]) -> dict[str, object]:
    require(request.user, "knowledge.view")  # type: ignore[arg-type]
    qs = queries.article_list(
        request.user,  # type: ignore[arg-type]
        category=filters.category,
        subtype=filters.subtype,
    )
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.get("/articles/suggest", response=list[ArticleOut])
def suggest(request: HttpRequest, filters: Query[SuggestFilter]) -> list[KnowledgeArticle]:
    """Published articles that fit a problem's category, sub-type and description."""
    require(request.user, "knowledge.view")  # type: ignore[arg-type]
    return queries.suggest_articles(filters.category, filters.subtype, filters.text, filters.limit)


@router.get("/articles/{article_id}", response=ArticleOut)
def article(request: HttpRequest, article_id: int) -> KnowledgeArticle:
    require(request.user, "knowledge.view")  # type: ignore[arg-type]
    return queries.article(request.user, article_id)  # type: ignore[arg-type]


@router.post("/articles", response={201: ArticleOut})
def create_article(request: HttpRequest, body: ArticleIn) -> Status[object]:
    return idempotent_create(
        request,
        lambda: services.create_article(actor=request.user, **body.dict()),  # type: ignore[arg-type]
        ArticleOut,
    )


@router.patch("/articles/{article_id}", response=ArticleOut)
def update_article(request: HttpRequest, article_id: int, body: ArticlePatch) -> KnowledgeArticle:
    return services.update_article(
        actor=request.user,  # type: ignore[arg-type]
        article_id=article_id,
        changes=body.dict(exclude_unset=True, exclude={"version"}),
        expected_version=body.version,
    )
