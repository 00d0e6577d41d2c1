"""The search index: one row per indexed record, with its tokens and who may find it.

The row's ``tokens`` and ``keys`` feed the full-text index of the database: an FTS5 table
``search_fts`` on SQLite, a generated ``vector`` tsvector column with a GIN index on
PostgreSQL (both created by migration 0001, not by the model; a full reindex builds the same
in a shadow table and swaps it in, see ``shadow.py``).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """A ticket, customer or article as search sees it; ``id`` order is recency order."""

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.BigIntegerField(_("record id"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text shown"), blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    # " 退款  物流  退款 ": each token between its own two spaces (so occurrences of " 退款 "
    # can be counted for ranking), repeats kept.
    tokens = models.TextField(_("tokens"))
    # " @ticket @ticket_team_3 …": the kind, and the visibility keys of that kind.
    keys = models.TextField(_("visibility keys"))
    updated_at = models.DateTimeField(_("indexed"), default=timezone.now)

    class Meta:
        db_table = "search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class IndexBuild(models.Model):
    """A full reindex under way (at most one row): what it rebuilds and how far it got.

    Each batch written to the shadow table moves the checkpoint in the same transaction, so an
    interrupted reindex goes on after the last batch it completed; while the row exists, every
    incremental change of the index is written to the shadow table too.
    """

    kinds = models.CharField(_("kinds"), max_length=200)  # space-separated, in build order
    kind = models.CharField(_("kind being read"), max_length=20)
    last_object_id = models.BigIntegerField(_("last record written"), default=0)
    written = models.PositiveIntegerField(_("documents written"), default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "search_index_build"
        verbose_name = _("index build")
        verbose_name_plural = _("index builds")

    def __str__(self) -> str:
        return f"{self.kinds}: {self.kind} after {self.last_object_id}"
