"""API tokens: created once (the key is shown one time), stored hashed, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core import cache
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.models import ApiToken, User
from kefu.core.permissions import require
from kefu.core.staff import USERS

PREFIX = "kefu"
# Writing last_used_at on every request would make every API read a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)
# Tokens with their users are cached by prefix (kefu.core.staff says when they are
# forgotten): an API request reads no token row.
_used_at: dict[int, datetime] = {}  # token id → when this process last wrote its last_used_at


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token acting as ``user``; returns the row and the key, which is never stored."""
    require(actor, "token.manage")
    name = name.strip()
    if not name:
        raise InvalidInput("token_name", _("Give the token a name."), {"name": _("required")})
    prefix = secrets.token_hex(4)
    key = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_hash(key))
    record_audit(actor=actor, action="token.created", subject=token, data={"user": user.pk})
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: User, token_id: int) -> ApiToken:
    require(actor, "token.manage")
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        raise NotFound("token_not_found", _("No such API token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(actor=actor, action="token.revoked", subject=token)
    return token


def user_for_key(key: str) -> User | None:
    """The active user a presented key acts as, or None."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    token = cache.cached(USERS, parts[1], lambda: _live_token(parts[1]))
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
        return None
    now = timezone.now()
    last = max((t for t in (token.last_used_at, _used_at.get(token.pk)) if t), default=None)
    if last is None or now - last > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        _used_at[token.pk] = now
    return token.user


def _live_token(prefix: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
