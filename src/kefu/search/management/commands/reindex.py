"""`kefu manage reindex`: rebuild the search index from the records of the registered kinds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kefu.search import backends
from kefu.search.models import SearchDocument
from kefu.search.registry import Document, provider, providers
from kefu.search.services import index_documents
from kefu.search.text import refresh_vocabulary

PROGRESS_EVERY = 10_000


class Command(BaseCommand):
    help = (
        "Rebuild the search index (tickets, customers, articles — every registered kind). "
        "Search keeps working meanwhile; documents of records that no longer exist are removed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--kind", action="append", help="only this kind (repeatable)")

    def handle(self, *args: Any, kind: list[str] | None, **options: Any) -> None:
        chosen = providers() if not kind else [provider(k) for k in kind]
        if any(p is None for p in chosen):
            names = ", ".join(p.kind for p in providers())
            raise CommandError(f"Unknown kind; the kinds are: {names}")
        refresh_vocabulary()
        for item in chosen:
            started = timezone.now()
            written = index_documents(self._counted(item.kind, item.documents()))  # type: ignore[union-attr]
            stale, _by_model = SearchDocument.objects.filter(
                kind=item.kind,  # type: ignore[union-attr]
                updated_at__lt=started,
            ).delete()
            self.stdout.write(f"{item.kind}: {written} indexed, {stale} removed")  # type: ignore[union-attr]
        backends.optimise()

    def _counted(self, kind: str, documents: Iterable[Document]) -> Iterator[Document]:
        for count, document in enumerate(documents, 1):
            if count % PROGRESS_EVERY == 0:
                self.stdout.write(f"{kind}: {count} …")
            yield document
