"""The kinds of documents higher apps put in the index, and how each decides who finds what.

Search sits below tickets, customers and knowledge, so it never imports them: each of those
apps registers a provider from its ``handlers.py`` — all its documents (for ``kefu manage
reindex``) and the visibility keys a user holds for its kind (mirroring its ``visible_to``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from kefu.core.models import User

ALL = None  # a scope that sees every document of the kind


@dataclass(frozen=True)
class Document:
    """What one record gives the index.

    ``title`` and ``body`` are shown (with the matched words marked) and searched; ``hidden``
    is searched but not shown (messages, notes); ``terms`` are whole tokens (numbers, phone
    tails); ``keys`` say who may find it (``"team:3"``, ``"assignee:5"``) — a user finds it
    when the provider's scope gives them one of its keys.
    """

    kind: str
    object_id: int
    title: str
    body: str = ""
    url: str = ""
    hidden: str = ""
    terms: Collection[str] = field(default_factory=tuple)
    keys: Collection[str] = field(default_factory=tuple)


Scope = Callable[[User], Collection[str] | None]


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str | Promise
    documents: Callable[..., Iterable[Document]]
    scope: Scope

    def documents_after(self, after: int) -> Iterable[Document]:
        """The documents of records past id ``after``, oldest first (a resumed reindex): asked
        of the provider when its ``documents`` takes ``after``, else skipped here."""
        if not after:
            return self.documents()
        if "after" in inspect.signature(self.documents).parameters:
            return self.documents(after=after)
        return (d for d in self.documents() if d.object_id > after)


_providers: dict[str, Provider] = {}
KIND = re.compile(r"^[a-z][a-z0-9]{0,19}$")


def register_provider(
    kind: str,
    *,
    label: str | Promise,
    documents: Callable[..., Iterable[Document]],
    scope: Scope,
) -> None:
    """Declare a document kind: ``documents()`` yields all of them, oldest first (reindex),
    and ``documents(after=id)`` — if it takes ``after`` — those past a record id (resuming);
    ``scope(user)`` returns the user's keys for the kind, or ``ALL`` (None) for every one."""
    if not KIND.match(kind):
        raise ImproperlyConfigured(f"Search kind {kind!r} must be lower-case letters and digits")
    _providers[kind] = Provider(kind, label, documents, scope)


def providers() -> list[Provider]:
    return [_providers[k] for k in sorted(_providers)]


def provider(kind: str) -> Provider | None:
    return _providers.get(kind)


def key_token(kind: str, key: str | None = None) -> str:
    """The index token of a visibility key: ``ticket`` (the whole kind), ``ticket_team_3``."""
    return kind if key is None else f"{kind}_{re.sub(r'[^a-z0-9]+', '_', key.lower())}"
