"""Fetching the support mailbox by IMAP: unseen messages are filed, then flagged seen.

A message is fetched with ``BODY.PEEK[]`` (which leaves it unseen) and flagged ``\\Seen`` only
after it was filed or quarantined, so a worker that dies in between fetches it again on its
next run and the Message-ID record makes that second copy a duplicate. Implements P-02.
"""

from __future__ import annotations

import imaplib
import logging

from django.conf import settings

from kefu.channels.models import Source
from kefu.channels.services import ingest_email

log = logging.getLogger(__name__)

BATCH = 200


def _connect() -> imaplib.IMAP4:
    cls = imaplib.IMAP4_SSL if settings.KEFU_IMAP_SSL else imaplib.IMAP4
    client = cls(settings.KEFU_IMAP_HOST, settings.KEFU_IMAP_PORT, timeout=30)
    client.login(settings.KEFU_IMAP_USER, settings.KEFU_IMAP_PASSWORD)
    return client


def _raw(parts: list[object]) -> bytes | None:
    for part in parts:
        if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
            return part[1]
    return None


def poll_mailbox(*, limit: int = BATCH) -> dict[str, int]:
    """File up to ``limit`` unseen messages of ``KEFU_IMAP_FOLDER``; counts per outcome.

    Does nothing (empty counts) until ``KEFU_IMAP_HOST`` is set.
    """
    counts: dict[str, int] = {}
    if not settings.KEFU_IMAP_HOST:
        return counts
    with _connect() as client:
        client.select(settings.KEFU_IMAP_FOLDER)
        _typ, found = client.uid("SEARCH", None, "UNSEEN")  # type: ignore[arg-type]
        for uid in (found[0] or b"").split()[:limit]:
            _typ, parts = client.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
            raw = _raw(parts)
            if raw is None:
                log.warning("IMAP message %s came back without a body; left unseen", uid)
                continue
            outcome = ingest_email(raw, source=Source.IMAP).outcome
            counts[outcome] = counts.get(outcome, 0) + 1
            client.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)")
    return counts
