"""Links for customers who do not log in: an unguessable token, stored only as its hash.

The token goes into the message sent to the customer and nowhere else; the database keeps its
sha256, so a leaked table gives no working link. Used by complaint confirmations (K-07) and
survey links (Q-03).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse

TOKEN_BYTES = 32


def new_link_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def public_url(view: str, token: str) -> str:
    """The absolute link a customer opens on their phone, on ``KEFU_PUBLIC_URL``."""
    return settings.KEFU_PUBLIC_URL.rstrip("/") + reverse(view, args=[token])
