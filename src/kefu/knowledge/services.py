"""Every write of the knowledge app, and rendering a script with its placeholders filled."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.concurrency import save_if_current
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.knowledge.models import (
    PLACEHOLDER,
    PLACEHOLDERS,
    Category,
    KnowledgeArticle,
    Language,
    Scene,
    Script,
    Subtype,
)

ARTICLE_FIELDS = ("title", "body", "category", "subtype", "tags", "published")
MAX_TAGS, MAX_TAG_LENGTH, MAX_BODY = 20, 30, 20000


def render_script(script: Script | str, context: Mapping[str, object]) -> str:
    """The script's body with each `{name}` replaced by ``context[name]``.

    A placeholder without a (non-blank) value stays visible as `{name}` so the agent sees what
    is left to fill. Only `{word}` tokens are replaced, in one pass: values are inserted as
    plain text and never interpreted (no attribute access, no nested placeholders).
    Implements N-02.
    """
    body = script.body if isinstance(script, Script) else script

    def fill(match: Any) -> str:
        value = context.get(match.group(1))
        text = "" if value is None else str(value).strip()
        return text or match.group(0)

    return PLACEHOLDER.sub(fill, body)


def unfilled_placeholders(text: str) -> list[str]:
    """The placeholder names still in a rendered text, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


# --- articles ---------------------------------------------------------------------------


def article_errors(row: KnowledgeArticle) -> dict[str, str]:
    """Tidy ``row`` (trimmed text, unique tags) and say what is wrong with it, by field."""
    row.title = row.title.strip() if isinstance(row.title, str) else ""
    row.body = row.body.strip() if isinstance(row.body, str) else ""
    errors = {}
    if isinstance(row.tags, list | tuple):
        row.tags = list(dict.fromkeys(str(t).strip() for t in row.tags if str(t).strip()))
        if len(row.tags) > MAX_TAGS or any(len(t) > MAX_TAG_LENGTH for t in row.tags):
            errors["tags"] = _("At most 20 tags of at most 30 characters each.")
    else:
        errors["tags"] = _("Give a list of tags.")
    if not row.title or len(row.title) > 200:
        errors["title"] = _("Give a title of at most 200 characters.")
    if not row.body or len(row.body) > MAX_BODY:
        errors["body"] = _("Give a text of at most 20000 characters.")
    if row.category not in Category.values:
        errors["category"] = _("Choose product quality, service process or customer usage.")
    if row.subtype and row.subtype not in Subtype.values:
        errors["subtype"] = _("Choose one of the six problem sub-types, or none.")
    if not isinstance(row.published, bool):
        errors["published"] = _("Say yes or no.")
    return errors


def _validate(row: KnowledgeArticle) -> None:
    errors = article_errors(row)
    if errors:
        raise InvalidInput("article_invalid", _("The article is not valid."), errors)


@transaction.atomic
def create_article(
    *,
    actor: User,
    title: str,
    body: str,
    category: str,
    subtype: str = "",
    tags: Iterable[str] = (),
    published: bool = True,
) -> KnowledgeArticle:
    """Add an article to the knowledge base; a published one is offered to every agent.

    Only supervisors and above write articles. Implements N-01.
    """
    require(actor, "article.edit")
    row = KnowledgeArticle(
        title=title,
        body=body,
        category=category,
        subtype=subtype or "",
        tags=list(tags),
        published=published,
    )
    _validate(row)
    row.save()
    record_audit(actor=actor, action="article.created", subject=row, summary=row.title)
    record_event("article.created", subject=row, actor=actor, payload=_payload(row))
    return row


@transaction.atomic
def update_article(
    *,
    actor: User,
    article_id: int,
    changes: Mapping[str, object],
    expected_version: int | None = None,
) -> KnowledgeArticle:
    """Change an article's fields; a stale ``expected_version`` is refused (409).

    Unpublishing (``published=False``) hides it from agents. Implements N-01.
    """
    require(actor, "article.edit")
    row = KnowledgeArticle.objects.filter(pk=article_id).first()
    if row is None:
        raise NotFound("article_not_found", _("No such article."))
    unknown = set(changes) - set(ARTICLE_FIELDS)
    if unknown:
        raise InvalidInput(
            "article_field",
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))},
        )
    before = {f: getattr(row, f) for f in changes if f != "body"}
    for field, value in changes.items():
        setattr(row, field, "" if field == "subtype" and value is None else value)
    _validate(row)
    row.updated_at = timezone.now()
    save_if_current(row, expected_version, [*changes, "updated_at"])
    record_audit(
        actor=actor,
        action="article.updated",
        subject=row,
        summary=row.title,
        data={"fields": sorted(changes), "before": before},
    )
    record_event("article.updated", subject=row, actor=actor, payload=_payload(row))
    return row


def _payload(row: KnowledgeArticle) -> dict[str, object]:
    return {"category": row.category, "subtype": row.subtype, "published": row.published}


# --- scripts ----------------------------------------------------------------------------


def script_errors(script: Script) -> dict[str, str]:
    """What is wrong with a script about to be saved, by field."""
    errors = {}
    unknown = sorted(set(script.placeholders) - set(PLACEHOLDERS))
    if unknown:
        errors["body"] = _("Unknown placeholders: %(names)s. Use %(known)s.") % {
            "names": ", ".join(f"{{{n}}}" for n in unknown),
            "known": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS),
        }
    if not str(script.body).strip():
        errors["body"] = _("Write the script.")
    if not str(script.title).strip():
        errors["title"] = _("Give the script a title.")
    if script.scene not in Scene.values:
        errors["scene"] = _("Choose a scene.")
    if script.language not in Language.values:
        errors["language"] = _("Choose a language.")
    return errors


@transaction.atomic
def save_script(*, actor: User, script: Script) -> Script:
    """Save a new or edited script; only the known placeholders may appear in its body.

    Implements N-02.
    """
    require(actor, "script.edit")
    errors = script_errors(script)
    if errors:
        raise InvalidInput("script_invalid", _("The script is not valid."), errors)
    created = script.pk is None
    script.save()
    record_audit(
        actor=actor,
        action="script.created" if created else "script.updated",
        subject=script,
        summary=script.title,
    )
    return script
