"""Article events → the search index, so the knowledge base is searchable in Chinese (N-01).

Everyone on staff finds published articles; drafts only supervisors and above, as
``visible_to`` says for articles.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy

from kefu.core.models import Event, User
from kefu.core.permissions import SUPERVISORS
from kefu.knowledge.models import KnowledgeArticle
from kefu.search.registry import Document, register_provider
from kefu.search.services import index_documents, remove_document

KIND = "article"
PUBLISHED = "published"


def search_document(article: KnowledgeArticle) -> Document:
    """The article as search shows and finds it: title, body, tags."""
    return Document(
        kind=KIND,
        object_id=article.pk,
        title=article.title,
        body=article.body,
        url=reverse("knowledge:article", args=[article.pk]),
        hidden=" ".join(str(t) for t in article.tags),
        keys=[PUBLISHED] if article.published else [],
    )


def search_documents() -> Iterator[Document]:
    """Every article, oldest first (``kefu manage reindex``)."""
    for article in KnowledgeArticle.objects.order_by("pk").iterator(chunk_size=1000):
        yield search_document(article)


def search_scope(actor: User) -> list[str] | None:
    return None if actor.role in SUPERVISORS else [PUBLISHED]


def index_article(event: Event) -> None:
    """Re-index the article of a created or updated event (an unpublished one hides)."""
    article = KnowledgeArticle.objects.filter(pk=event.subject_id).first()
    if article is None:
        remove_document(kind=KIND, object_id=int(event.subject_id))
        return
    index_documents([search_document(article)])


HANDLERS = {"article.created": index_article, "article.updated": index_article}

register_provider(
    KIND, label=gettext_lazy("Knowledge articles"), documents=search_documents, scope=search_scope
)
