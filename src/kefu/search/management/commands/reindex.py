"""`kefu manage reindex`: rebuild the search index from the records of the registered kinds."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kefu.search.rebuild import BATCH, BuildMismatch, rebuild
from kefu.search.registry import provider, providers


class Command(BaseCommand):
    help = (
        "Rebuild the search index (tickets, customers, articles — every registered kind) into "
        "a shadow index and swap it in: search keeps answering from the old index meanwhile. "
        "An interrupted run resumes after its last completed batch; documents of records that "
        "no longer exist are removed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--kind", action="append", help="only this kind (repeatable)")
        parser.add_argument(
            "--workers", type=int, default=None, help="tokenising processes (default: cores)"
        )
        parser.add_argument(
            "--restart", action="store_true", help="forget an unfinished reindex, start over"
        )

    def handle(
        self,
        *args: Any,
        kind: list[str] | None,
        workers: int | None,
        restart: bool,
        **options: Any,
    ) -> None:
        if kind and any(provider(k) is None for k in kind):
            names = ", ".join(p.kind for p in providers())
            raise CommandError(f"Unknown kind; the kinds are: {names}")
        try:
            outcome = rebuild(kind, out=self.stderr, workers=workers, restart=restart)
        except BuildMismatch as exc:
            raise CommandError(
                f"An unfinished reindex of {exc} is in the way: run it with the same kinds "
                "to resume it, or add --restart."
            ) from exc
        if outcome.resumed_after is not None:
            was, last = outcome.resumed_after
            self.stdout.write(f"resumed after {was} {last} (batches of {BATCH})")
        for name, (indexed, removed) in sorted(outcome.counts.items()):
            self.stdout.write(f"{name}: {indexed} indexed, {removed} removed")
