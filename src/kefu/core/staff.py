"""Who works here, cached: the active staff the ticket page offers (assignees, escalation
addressees) and the users API tokens act as (``kefu.core.tokens``). Any save or delete of a
user, a team or a token — in a service, the admin site or a shell — invalidates them (see
``kefu.core.cache`` for how soon other processes see it)."""

from __future__ import annotations

from kefu.core import cache
from kefu.core.models import ApiToken, Team, User

USERS = "users"


def active_staff() -> list[User]:
    """Every active user with their team, by name."""
    return cache.cached(
        USERS,
        "active",
        lambda: list(
            User.objects.filter(is_active=True)
            .select_related("team")
            .order_by("first_name", "username")
        ),
    )


def connect() -> None:
    """Called once by the core app's ``ready``."""
    cache.bump_on_change(USERS, User, Team, ApiToken)
