"""The public survey link (a `kefu.core.links` token) and its rate limit. Implements Q-03."""

from __future__ import annotations

from django.core.cache import cache

from kefu.core.links import hash_link_token as hash_token
from kefu.core.links import new_link_token as new_token
from kefu.core.links import public_url
from kefu.surveys.models import SurveySettings

__all__ = ["hash_token", "new_token", "rate_limited", "survey_link"]


def survey_link(token: str) -> str:
    """The absolute link a customer opens on their phone."""
    return public_url("survey_public:answer", token)


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
