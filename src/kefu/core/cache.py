"""Caching of what rarely changes (SLA policies, the calendar, message templates): versioned keys.

Each kind of cached data is a *namespace* with a version number kept in the cache itself. A
value is stored under ``namespace:version:key``; the service that edits the data calls
``bump(namespace)`` and every process reads the new version on its next lookup, so no stale
entry is ever read again — with the shared Redis cache (``KEFU_REDIS_URL``) at once in every
process, with the per-process memory cache in the editing process at once and in the others
when their entries expire (``KEFU_CACHE_SECONDS``). The bump runs after the edit commits, so
a reader can never cache the old row under the new version.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
_MISSING = object()


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
    """The value of ``key`` in ``namespace``, computed by ``build`` when not cached."""
    full = f"kefu:{namespace}:{_version(namespace)}:{key}"
    value = cache.get(full, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None:  # what is missing now may be added (a migration) without a bump
            cache.set(full, value, timeout=settings.KEFU_CACHE_SECONDS)
    return value  # type: ignore[return-value]


def bump(namespace: str) -> None:
    """Invalidate every cached value of ``namespace`` once the current transaction commits."""

    def new_version() -> None:
        cache.set(f"kefu:v:{namespace}", secrets.randbits(48), timeout=settings.KEFU_CACHE_SECONDS)

    transaction.on_commit(new_version)
