"""The public survey link: an unguessable token stored only as a hash, and a rate limit.

The token (32 random bytes) goes into the message sent to the customer and nowhere else; the
database keeps its sha256, so a leaked table gives no working link. Implements Q-03.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from kefu.surveys.models import SurveySettings

TOKEN_BYTES = 32
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_link(token: str) -> str:
    """The absolute link a customer opens on their phone."""
    base = str(getattr(settings, "KEFU_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")
    return base + reverse("survey_public:answer", args=[token])


def _over(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit


def rate_limited(address: str, token: str) -> bool:
    """Count one request from ``address`` for ``token``; True once either is over its limit.

    The counters live in Django's cache (per process with the default local-memory cache).
    """
    rules = SurveySettings.current()
    window = rules.limit_window_seconds
    by_address = _over(f"survey-rl:ip:{address}", rules.requests_per_address, window)
    by_link = _over(f"survey-rl:link:{hash_token(token)[:32]}", rules.requests_per_link, window)
    return by_address or by_link
