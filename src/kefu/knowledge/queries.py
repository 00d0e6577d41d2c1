"""Shared reads of the knowledge app: scripts by scene, articles, and article suggestions."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

import jieba
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.core import cache
from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.core.permissions import visible_to
from kefu.knowledge.models import KnowledgeArticle, Language, Scene, Script
from kefu.quality.checker import simplified

DEFAULT_LANGUAGE = Language.ZH_HANS
# Until the search app indexes articles, suggestions score the most recently updated ones.
SUGGESTION_CANDIDATES = 300
COMMON_WORDS = (
    "怎么 怎样 如何 什么 为什么 我们 你们 您的 我的 一个 一下 可以 还是 "
    "没有 就是 这个 那个 已经 不会 请问 问题 谢谢 您好 你好 的话 客户 顾客"
)
STOPWORDS = frozenset(COMMON_WORDS.split())
jieba.setLogLevel(logging.WARNING)


# Scripts change when an admin edits them: cached, forgotten on any save or delete (apps.py).
SCRIPTS = "scripts"


def scripts_for(scenes: str | Iterable[str], language: str = DEFAULT_LANGUAGE) -> list[Script]:
    """Active scripts of ``scenes`` in ``language``, in scene then sort order.

    A scene with no script in ``language`` falls back to Simplified Chinese. Implements N-02.
    """
    wanted = sorted({scenes} if isinstance(scenes, str) else set(scenes))
    key = f"{language}:{hashlib.sha256(','.join(wanted).encode()).hexdigest()}"
    return cache.cached(SCRIPTS, key, lambda: _scripts_for(wanted, language))


def _scripts_for(wanted: list[str], language: str) -> list[Script]:
    rows = Script.objects.filter(
        scene__in=wanted, language__in={language, DEFAULT_LANGUAGE}, active=True
    ).order_by("sort_order", "pk")
    by_scene: dict[str, dict[str, list[Script]]] = {}
    for row in rows:
        by_scene.setdefault(row.scene, {}).setdefault(row.language, []).append(row)
    order = [s for s in Scene.values if s in wanted]
    result: list[Script] = []
    for scene in order:
        languages = by_scene.get(scene, {})
        result.extend(languages.get(language) or languages.get(DEFAULT_LANGUAGE, []))
    return result


def script(actor: User, script_id: int) -> Script:
    row = visible_to(actor, Script.objects.all()).filter(pk=script_id).first()
    if row is None:
        raise NotFound("script_not_found", _("No such script."))
    return row


def article_list(
    actor: User, *, category: str | None = None, subtype: str | None = None
) -> QuerySet[KnowledgeArticle]:
    """Articles the actor may see (agents: published ones), most recently updated first."""
    qs = visible_to(actor, KnowledgeArticle.objects.all())
    if category:
        qs = qs.filter(category=category)
    if subtype:
        qs = qs.filter(subtype=subtype)
    return qs.order_by("-updated_at", "-pk")


def article(actor: User, article_id: int) -> KnowledgeArticle:
    row = visible_to(actor, KnowledgeArticle.objects.all()).filter(pk=article_id).first()
    if row is None:
        raise NotFound("article_not_found", _("No such article."))
    return row


def tokens(text: str) -> set[str]:
    """The words of ``text`` worth matching: jieba tokens of two or more characters."""
    words = jieba.lcut_for_search(simplified(text or "").lower())
    return {w for w in words if len(w.strip()) >= 2 and w not in STOPWORDS}


def suggest_articles(
    category: str | None = None,
    subtype: str | None = None,
    text: str = "",
    limit: int = 5,
) -> list[KnowledgeArticle]:
    """Published articles that fit a problem, best first.

    Scored by sub-type (3) and category (2) match and by shared words: 2 for a word in the
    title or tags, 1 in the body. Articles scoring nothing are left out. Implements N-01, A-04.
    """
    wanted = tokens(text)
    candidates = KnowledgeArticle.objects.filter(published=True).order_by("-updated_at", "-pk")
    scored = []
    for row in candidates[:SUGGESTION_CANDIDATES]:
        score = 3 * bool(subtype and row.subtype == subtype)
        score += 2 * bool(category and row.category == category)
        if wanted:
            heading = tokens(" ".join([row.title, *row.tags])) | {simplified(t) for t in row.tags}
            body = tokens(row.body)
            score += sum(2 if w in heading else 1 if w in body else 0 for w in wanted)
        if score:
            scored.append((score, row))
    scored.sort(key=lambda pair: -pair[0])  # stable: recent first among equals
    return [row for _score, row in scored[: max(0, limit)]]
