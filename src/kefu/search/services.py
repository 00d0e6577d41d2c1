"""Every write of the search index: put documents in, take them out.

Called by the higher apps' event handlers (so the index follows each committed change through
the outbox) and by ``kefu manage reindex``; the index is the system's own bookkeeping, so no
permission is asked here — who may *find* a document is decided by its keys at search time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from itertools import islice

from django.db import transaction
from django.utils import timezone

from kefu.search import writes
from kefu.search.models import IndexBuild, SearchDocument
from kefu.search.registry import Document, key_token
from kefu.search.text import MAX_TOKEN, chunks, document_tokens

BODY_SHOWN = 1000  # characters of the body kept for snippets
TEXT_INDEXED = 20_000  # characters of title + body + hidden text that are tokenised
UPDATED = ("title", "body", "url", "tokens", "keys", "updated_at")


COLUMNS = ("kind", "object_id", "title", "body", "url", "tokens", "keys")


def document_columns(document: Document) -> tuple[object, ...]:
    """The index row of ``document`` as ``COLUMNS``: its tokens, keys and shown text.

    Needs no database, so reindex workers compute it in other processes."""
    text = "\n".join([document.title, document.body, document.hidden])[:TEXT_INDEXED]
    words = document_tokens(text)
    for term in document.terms:
        words += [w for w in chunks(str(term)) if len(w) <= MAX_TOKEN]
    keys = [key_token(document.kind), *(key_token(document.kind, k) for k in document.keys)]
    return (
        document.kind,
        document.object_id,
        document.title[:200],
        document.body[:BODY_SHOWN],
        document.url[:200],
        f" {'  '.join(words)} ",
        f" {' '.join('@' + k for k in dict.fromkeys(keys))} ",
    )


def document_values(document: Document) -> dict[str, object]:
    """The index row of ``document`` as column values, stamped now."""
    values: dict[str, object] = dict(zip(COLUMNS, document_columns(document), strict=True))
    values["updated_at"] = timezone.now()
    return values


def document_row(document: Document) -> SearchDocument:
    """The index row of ``document``, unsaved."""
    return SearchDocument(**document_values(document))


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def index_documents(documents: Iterable[Document], *, batch: int = 500) -> int:
    """Put ``documents`` in the index, replacing earlier versions of the same records.

    A record indexed for the first time becomes the newest document; a re-indexed one keeps
    its place. While a full reindex is under way the rows go to its shadow index too.
    Returns how many were written.
    """
    written = 0
    for chunk in _batches(documents, batch):
        written += write_rows([document_columns(d) for d in chunk])
    return written


def write_rows(rows: Iterable[tuple[object, ...]]) -> int:
    """Put index rows (``COLUMNS`` tuples, from ``document_columns``) in the index, in one
    transaction; the last row of a record wins. Returns how many were written."""
    now = timezone.now()
    unique = {(r[0], r[1]): r for r in rows}
    models = [
        SearchDocument(**dict(zip(COLUMNS, r, strict=True)), updated_at=now)
        for r in unique.values()
    ]
    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            models,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=list(UPDATED),
        )
        if _rebuilding():
            writes.mirror(list(unique.values()))
    return len(models)


def _rebuilding() -> bool:
    """Whether a full reindex is filling its shadow index (see ``rebuild``)."""
    return IndexBuild.objects.exists()


def index_document(
    *,
    kind: str,
    object_id: int,
    title: str,
    body: str = "",
    url: str = "",
    hidden: str = "",
    terms: Collection[str] = (),
    keys: Collection[str] = (),
) -> None:
    """Put one record in the index (or replace it): see ``registry.Document`` for the fields."""
    index_documents(
        [Document(kind, object_id, title, body, url, hidden, tuple(terms), tuple(keys))]
    )


def remove_document(*, kind: str, object_id: int) -> int:
    """Take a record out of the index (deleted, erased, merged away). Returns 0 or 1."""
    with transaction.atomic():
        deleted, _by_model = SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
        if _rebuilding():
            writes.unmirror(kind, object_id)
    return deleted


def clear_index(*, kind: str | None = None) -> int:
    """Remove every document (of ``kind``), before a full reindex."""
    qs = SearchDocument.objects.all()
    if kind is not None:
        qs = qs.filter(kind=kind)
    deleted, _by_model = qs.delete()
    return deleted
