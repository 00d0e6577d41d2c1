"""Writes of the core: users and teams. Implements P-01."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.models import Role, Team, User
from kefu.core.permissions import require


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    team_name: str | None = None,
    display_name: str = "",
    check_password: bool = True,
) -> User:
    """Create a staff user with a role; ``actor`` None means the command line (trusted)."""
    if actor is not None:
        require(actor, "user.manage")
    username = username.strip()
    if not username:
        raise InvalidInput("username", _("A username is required."), {"username": _("required")})
    if role not in Role.values:
        raise InvalidInput("role", _("Unknown role."), {"role": _("invalid choice")})
    if User.objects.filter(username=username).exists():
        raise Conflict("username_taken", _("That username is taken."), {"username": _("taken")})
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise InvalidInput(
                "password", " ".join(exc.messages), {"password": exc.messages[0]}
            ) from exc
    team = Team.objects.get_or_create(name=team_name.strip())[0] if team_name else None
    user = User.objects.create_user(
        username=username,
        password=password,
        role=role,
        team=team,
        first_name=display_name,
        is_staff=role in (Role.SUPERVISOR, Role.MANAGER, Role.ADMIN),
        is_superuser=role == Role.ADMIN,
    )
    record_audit(actor=actor, action="user.created", subject=user, data={"role": role})
    return user
