"""The one permission policy: "may this user do X to this object" and "which rows may they see".

Apps register their rules as data in their own ``permissions.py``; pages, API, tasks and
services all ask here. Implements P-01.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from kefu.core.errors import Forbidden
from kefu.core.models import Role, User

ObjectCheck = Callable[[User, Any], bool]
Scope = Callable[[User, QuerySet[Any]], QuerySet[Any]]
M = TypeVar("M", bound=Model)

SUPERVISORS = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})
STAFF = frozenset(Role.values)


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    check: ObjectCheck | None = None


_rules: dict[str, Rule] = {}
_scopes: dict[type[Model], Scope] = {}


def register(permission: str, *, roles: Iterable[str], check: ObjectCheck | None = None) -> None:
    """Declare who may do ``permission``; ``check`` adds a per-object condition."""
    _rules[permission] = Rule(frozenset(roles), check)


def register_scope(model: type[Model], scope: Scope) -> None:
    """Declare which rows of ``model`` a user may see."""
    _scopes[model] = scope


def allowed(actor: User | None, permission: str, obj: object = None) -> bool:
    try:
        rule = _rules[permission]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown permission {permission!r}") from None
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role not in rule.roles:
        return False
    return obj is None or rule.check is None or rule.check(actor, obj)


def require(actor: User | None, permission: str, obj: object = None) -> None:
    """Raise Forbidden unless ``actor`` may do ``permission`` (to ``obj``)."""
    if not allowed(actor, permission, obj):
        raise Forbidden("forbidden", _("You do not have permission to do this."))


def visible_to(actor: User | None, qs: QuerySet[M]) -> QuerySet[M]:
    """The rows of ``qs`` that ``actor`` may see; none for anonymous or inactive users."""
    try:
        scope = _scopes[qs.model]
    except KeyError:
        raise ImproperlyConfigured(f"No visibility scope for {qs.model.__name__}") from None
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return qs.none()
    return scope(actor, qs)


def same_team_or_supervisor(actor: User, team_id: int | None, owner_id: int | None) -> bool:
    """The common object rule: supervisors see all; others see their team's and their own."""
    if actor.role in SUPERVISORS:
        return True
    return owner_id == actor.pk or (team_id is not None and team_id == actor.team_id)


register("audit.view", roles=MANAGERS)
register("user.manage", roles=ADMINS)
register("token.manage", roles=ADMINS)
register("outbox.manage", roles=ADMINS)
register_scope(User, lambda actor, qs: qs if actor.role in SUPERVISORS else qs.filter(pk=actor.pk))
