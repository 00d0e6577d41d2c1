"""Kefu's deploy checks, run by `kefu check --deploy` beside Django's own.

Each names one thing a production install must have: a secret key of its own, HTTPS, a
database that answers and a worker that beats. (The calendar check is the sla app's.)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.db import DatabaseError, connection

from kefu.core import heartbeat

DEVELOPMENT_KEY = "kefu-insecure-development-key-change-me"


@register("kefu", deploy=True)
def secret_key_set(**kwargs: Any) -> list[CheckMessage]:
    if settings.SECRET_KEY == DEVELOPMENT_KEY or len(settings.SECRET_KEY) < 32:
        return [
            Error(
                "KEFU_SECRET_KEY is not set (or shorter than 32 characters).",
                hint="Set KEFU_SECRET_KEY to a long random value, the same on every web process.",
                id="kefu.E001",
            )
        ]
    return []


@register("kefu", deploy=True)
def https_on(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if not settings.KEFU_PUBLIC_URL.startswith("https://"):
        messages.append(
            Error(
                "KEFU_PUBLIC_URL does not start with https://: links to customers go out "
                "unencrypted.",
                id="kefu.E002",
            )
        )
    if not settings.SESSION_COOKIE_SECURE:
        messages.append(
            Error(
                "HTTPS is not switched on: set KEFU_HTTPS=1 behind the TLS proxy.",
                id="kefu.E003",
            )
        )
    return messages


@register("kefu", deploy=True)
def database_reachable(**kwargs: Any) -> list[CheckMessage]:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return [Error(f"The database does not answer: {exc}", id="kefu.E004")]
    return []


@register("kefu", deploy=True)
def worker_alive(**kwargs: Any) -> list[CheckMessage]:
    stale = timedelta(seconds=settings.KEFU_WORKER_STALE_SECONDS)
    try:
        alive = heartbeat.alive_count(stale)
    except DatabaseError:
        return []  # kefu.E004 already says the database is down
    if not alive:
        age = heartbeat.last_seen_age()
        seen = "never" if age is None else f"{age:.0f} s ago"
        return [
            Warning(
                f"No `kefu worker` is running (last heartbeat: {seen}): notifications and "
                "deadline scans wait.",
                hint="Start at least one `kefu worker` (docs/deploy.md).",
                id="kefu.W001",
            )
        ]
    return []
