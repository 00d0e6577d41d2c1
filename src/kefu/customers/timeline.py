"""The customer 360 timeline's vocabulary: event names → human labels, and the extra panels.

Higher apps register their own labels (``register_timeline_label("ticket.created",
_("Ticket %(number)s created"))``) and profile panels, so customers never imports them.
Implements the registry part of C-04.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kefu.core.models import User

_labels: dict[str, Any] = {}


def register_timeline_label(name: str, label: Any) -> None:
    """Show events named ``name`` as ``label`` (lazy text; ``%(key)s`` takes payload values)."""
    _labels[name] = label


def label_for(name: str, payload: Mapping[str, Any] | None = None) -> str:
    """The human label of an event; its name when no app registered one."""
    label = _labels.get(name)
    if label is None:
        return name
    text = str(label)
    try:
        return text % dict(payload or {}) if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        return text.split("%(", 1)[0].strip() or name


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: an event another app recorded, or a note."""

    at: datetime
    kind: str  # the event name, or "note"
    label: str
    actor: str = ""
    text: str = ""
    subject_type: str = ""
    subject_id: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Panel:
    """A section of the 360 page that another app renders (catalog: orders with verdicts)."""

    key: str
    template: str
    context: Callable[[User, Any], dict[str, Any]]
    order: int = 100


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.key))
