"""State tables: each app's ``workflow.py`` declares its transitions; one function applies them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kefu.core.errors import Conflict, Forbidden
from kefu.core.models import User


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    roles: frozenset[str]


class Workflow:
    """``(state, action) → (next state, roles)`` for one kind of record."""

    def __init__(
        self, name: str, transitions: Iterable[Transition], labels: dict[str, str] | None = None
    ) -> None:
        self.name = name
        self.labels = labels or {}
        self._table: dict[tuple[str, str], Transition] = {}
        for t in transitions:
            if (t.source, t.action) in self._table:
                raise ValueError(f"{name}: {t.source} + {t.action} declared twice")
            self._table[(t.source, t.action)] = t

    @property
    def transitions(self) -> list[Transition]:
        return list(self._table.values())

    @property
    def actions(self) -> set[str]:
        return {action for _state, action in self._table}

    @property
    def states(self) -> set[str]:
        return {t.source for t in self._table.values()} | {t.target for t in self._table.values()}

    def next_state(self, state: str, action: str, actor: User | None) -> str:
        """The state after ``action``; refuses an illegal move (409) or a role not allowed (403)."""
        transition = self._table.get((state, action))
        if transition is None:
            raise Conflict(
                "illegal_transition",
                _("Cannot %(action)s: the %(record)s is %(state)s.")
                % {
                    "action": self.labels.get(action, action),
                    "record": self.name,
                    "state": self.labels.get(state, state),
                },
            )
        if actor is not None and actor.role not in transition.roles:
            raise Forbidden("forbidden", _("Your role may not do this."))
        return transition.target

    def allowed_actions(self, state: str, actor: User) -> list[str]:
        """The actions ``actor`` may take from ``state``, for buttons on a page."""
        return [
            t.action for (s, _a), t in self._table.items() if s == state and actor.role in t.roles
        ]
