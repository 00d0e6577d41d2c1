"""Tokenising batches of documents on every core: a pool of worker processes.

Each worker starts once with the tokenizer's vocabulary (jieba with the service words and the
product names, one OpenCC converter) and never opens the database; the calling process reads
the records, hands batches out and writes the rows in the order the batches were read, with a
few batches in flight so neither side waits. With one worker the work stays in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from kefu.search.registry import Document
from kefu.search.services import document_columns, write_rows
from kefu.search.text import use_vocabulary, vocabulary_words

Row = tuple[object, ...]
IN_FLIGHT = 2  # batches queued per worker
BATCH = 2000  # documents per batch: one transaction


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _start_worker(words: list[str]) -> None:
    use_vocabulary(words)


def tokenise_batch(documents: Sequence[Document]) -> list[Row]:
    """The index rows of ``documents``, the last version of a record winning."""
    rows = {(d.kind, d.object_id): document_columns(d) for d in documents}
    return list(rows.values())


class Tokeniser:
    """``rows(batches)`` yields ``(batch, rows)`` in order; use as a context manager."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.pool: Any = None

    def __enter__(self) -> Tokeniser:
        words = vocabulary_words()  # read once here: the workers have no database
        if self.workers > 1:
            # fork: the workers inherit the loaded code (and never use its connections).
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(self.workers, initializer=_start_worker, initargs=(words,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def rows(self, batches: Iterable[list[Document]]) -> Iterator[tuple[list[Document], list[Row]]]:
        if self.pool is None:
            for batch in batches:
                yield batch, tokenise_batch(batch)
            return
        pending: deque[tuple[list[Document], Callable[[], list[Row]]]] = deque()
        for batch in batches:
            pending.append((batch, self.pool.apply_async(tokenise_batch, (batch,)).get))
            if len(pending) >= self.workers * IN_FLIGHT:
                done, result = pending.popleft()
                yield done, result()
        while pending:
            done, result = pending.popleft()
            yield done, result()


def index_in_bulk(documents: Iterable[Document], *, workers: int | None = None) -> int:
    """Put many documents in the live index (an import): tokenised on every core, written a
    batch per transaction. Returns how many were written."""
    written = 0
    with Tokeniser(cores() if workers is None else workers) as tokeniser:
        for _batch, rows in tokeniser.rows(batches(documents, BATCH)):
            written += write_rows(rows)
    return written


def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    pending = iter(documents)
    while batch := list(islice(pending, size)):
        yield batch
