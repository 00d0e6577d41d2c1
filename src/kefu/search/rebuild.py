"""The full reindex: every record of the chosen kinds into a shadow index, then the swap.

The live index answers searches throughout (and keeps following changes through the outbox;
those are mirrored into the shadow). Records are read oldest first in batches, tokenised on
every core (``pool``), written in bulk (``writes``) with the checkpoint in the same transaction,
so an interrupted reindex resumes after its last completed batch. When every kind is in, the
shadow's index is finished and swapped in; documents of records that no longer exist are
simply not in the new index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from django.db import connection, transaction

from kefu.search import shadow, writes
from kefu.search.models import IndexBuild, SearchDocument
from kefu.search.pool import BATCH, Tokeniser, batches, cores
from kefu.search.progress import Progress
from kefu.search.registry import provider, providers
from kefu.search.text import refresh_vocabulary

SQLITE_CACHE_KB = 256 * 1024


class BuildMismatch(Exception):
    """An unfinished reindex of other kinds is in the way (resume it, or start again)."""


@dataclass
class Outcome:
    resumed_after: tuple[str, int] | None = None  # (kind, last record) of the earlier run
    written: int = 0  # documents written by this run
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (in, removed)


def _kinds(chosen: Sequence[str] | None) -> list[str]:
    every = [p.kind for p in providers()]
    return every if not chosen else [k for k in every if k in chosen]


def _begin(kinds: list[str], restart: bool) -> tuple[IndexBuild, bool]:
    """The build to carry on, or a fresh one with an empty shadow."""
    build = IndexBuild.objects.first()
    if build is not None and restart:
        build.delete()
        build = None
    if build is not None and shadow.exists():
        if build.kinds.split() != kinds:
            raise BuildMismatch(build.kinds)
        return build, True
    with transaction.atomic():
        IndexBuild.objects.all().delete()
        shadow.drop()
        shadow.create()
        build = IndexBuild.objects.create(kinds=" ".join(kinds), kind=kinds[0])
        writes.copy_kinds(sorted({p.kind for p in providers()} - set(kinds)))
    return build, False


def _estimate(kind: str) -> int:
    return SearchDocument.objects.filter(kind=kind).count()


def _build_kind(
    build: IndexBuild,
    kind: str,
    tokeniser: Tokeniser,
    out: TextIO,
    on_batch: Callable[[IndexBuild], None] | None,
) -> int:
    after = build.last_object_id if build.kind == kind else 0
    done = SearchDocument.objects.filter(kind=kind, object_id__lte=after).count() if after else 0
    progress = Progress(out, kind, _estimate(kind), done=done)
    written = 0
    source = provider(kind).documents_after(after)  # type: ignore[union-attr]
    for batch, rows in tokeniser.rows(batches(source, BATCH)):
        with transaction.atomic():
            written += writes.write_batch(rows)
            build.kind, build.last_object_id = kind, batch[-1].object_id
            build.written += len(rows)
            build.save(update_fields=["kind", "last_object_id", "written", "updated_at"])
        progress.advance(len(batch))
        if on_batch is not None:
            on_batch(build)
    progress.close()
    return written


def rebuild(
    kinds: Sequence[str] | None = None,
    *,
    out: TextIO,
    workers: int | None = None,
    restart: bool = False,
    on_batch: Callable[[IndexBuild], None] | None = None,
) -> Outcome:
    """Rebuild the index of ``kinds`` (default all) without a moment of no search.

    Resumes an interrupted reindex of the same kinds; ``restart`` throws it away instead.
    ``on_batch`` is called after each committed batch (progress hooks, tests).
    """
    chosen = _kinds(kinds)
    refresh_vocabulary()
    if connection.vendor == "sqlite":  # the shadow's B-trees and FTS segments stay in memory
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    build, resumed = _begin(chosen, restart)
    outcome = Outcome(resumed_after=(build.kind, build.last_object_id) if resumed else None)
    todo = chosen[chosen.index(build.kind) :]
    with Tokeniser(cores() if workers is None else workers) as tokeniser:
        for kind in todo:
            outcome.written += _build_kind(build, kind, tokeniser, out, on_batch)
    with transaction.atomic():
        shadow.finish()
    with transaction.atomic():
        outcome.counts = {k: v for k, v in writes.shadow_counts().items() if k in chosen}
        shadow.swap()
        IndexBuild.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")
    return outcome
