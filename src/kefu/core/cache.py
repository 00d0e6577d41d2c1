"""Caching of what rarely changes (SLA policies, the calendar): versioned cache keys.

Each kind of cached data is a *namespace* with a version number kept in the cache itself. A
value is stored under ``namespace:version:key``; the service that edits the data calls
``bump(namespace)`` and every process reads the new version on its next lookup, so no stale
entry is read again — with the shared Redis cache (``KEFU_REDIS_URL``) at once in every
process, with the per-process memory cache in the editing process at once and in the others
when their entries expire (``KEFU_CACHE_SECONDS``).

The bump happens at once (the editing transaction reads its own change) and again when the
transaction commits (a reader in between may have cached the old rows). Until the editing
transaction ends, this thread does not cache that namespace, so a rolled-back edit leaves
nothing behind.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
_MISSING = object()
_editing = threading.local()  # namespaces bumped by this thread's open transaction


def _dirty() -> set[str]:
    if not hasattr(_editing, "namespaces"):
        _editing.namespaces = set()
    if not connection.in_atomic_block:
        _editing.namespaces.clear()  # the editing transaction ended: committed or rolled back
    return _editing.namespaces


def _version(namespace: str) -> int:
    key = f"kefu:v:{namespace}"
    version = cache.get(key)
    if version is None:
        version = secrets.randbits(48)
        # add(): when two processes race, both end up reading the one that got in first.
        if not cache.add(key, version, timeout=settings.KEFU_CACHE_SECONDS):
            version = cache.get(key, version)
    return version


def cached(namespace: str, key: str, build: Callable[[], T]) -> T:
    """The value of ``key`` in ``namespace``, computed by ``build`` when not cached. A value
    that is None (not there yet) is not cached."""
    if namespace in _dirty():
        return build()
    full = f"kefu:{namespace}:{_version(namespace)}:{key}"
    value = cache.get(full, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None:
            cache.set(full, value, timeout=settings.KEFU_CACHE_SECONDS)
    return value  # type: ignore[return-value]


def bump(namespace: str) -> None:
    """Invalidate every cached value of ``namespace``, now and when the transaction commits."""

    def new_version() -> None:
        version = secrets.randbits(48)
        cache.set(f"kefu:v:{namespace}", version, timeout=settings.KEFU_CACHE_SECONDS)

    new_version()
    if connection.in_atomic_block:
        _dirty().add(namespace)
    transaction.on_commit(new_version)


def bump_on_change(namespace: str, *models: type) -> None:
    """Bump ``namespace`` whenever a row of ``models`` is saved or deleted, from anywhere (a
    service, the admin site, a shell): for data edited in more places than one service. Call
    once, from an app's ``ready``."""
    from django.db.models.signals import post_delete, post_save

    def forget(**_kwargs: object) -> None:
        bump(namespace)

    _receivers.append(forget)  # signals hold receivers weakly
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=model, dispatch_uid=f"{namespace}:{model.__name__}")


_receivers: list[Callable[..., None]] = []


def reset() -> None:
    """Forget everything cached, and which namespaces this thread's transaction edited (tests:
    each starts from the database as it is, its fixtures' writes taken as committed)."""
    cache.clear()
    _dirty().clear()
    _editing.namespaces = set()
