"""What every ticket service does first and last: permission, row lock, version, state, save."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.concurrency import save_if_current
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.events import NewEvent, record_event, record_events
from kefu.core.models import Event, User
from kefu.core.permissions import require
from kefu.tickets.models import Ticket
from kefu.tickets.workflow import WORKFLOW


def stale() -> Conflict:
    return Conflict(
        "stale_version",
        _(
            "Someone else changed this ticket while you were editing it. "
            "Reload to see their changes, then apply yours again."
        ),
        {"version": _("stale")},
    )


def begin(
    actor: User, ticket: Ticket, action: str, *, version: int | None = None
) -> tuple[Ticket, str]:
    """Check ``actor`` may ``action`` the ticket, lock its row, check the version the user read
    and the state table; return the locked row and the state it moves to.

    Call inside the service's transaction; nothing is written before this returns.
    """
    require(actor, f"ticket.{action}", ticket)
    locked = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
    if version is not None and locked.version != version:
        raise stale()
    return locked, WORKFLOW.next_state(locked.status, action, actor)


def save(ticket: Ticket, fields: list[str]) -> None:
    """Write ``fields`` of the locked ticket and bump its version (known: the row is locked)."""
    ticket.updated_at = timezone.now()
    save_if_current(ticket, ticket.version, [*dict.fromkeys([*fields, "updated_at"])])


def emit(name: str, ticket: Ticket, actor: User | None, **payload: Any) -> Event:
    """Record a ticket event on the customer's timeline; the payload holds codes, not people."""
    return record_event(
        name,
        subject=ticket,
        actor=actor,
        customer_id=ticket.customer_id,
        payload={"number": ticket.number, **payload},
    )


def emit_all(ticket: Ticket, actor: User | None, news: list[tuple[str, dict[str, Any]]]) -> None:
    """Record several ticket events at once (``[(name, payload), ...]``), in two INSERTs."""
    record_events(
        [
            NewEvent(name, ticket, actor, {"number": ticket.number, **payload}, ticket.customer_id)
            for name, payload in news
        ]
    )


def iso(at: datetime) -> str:
    """A time for an event payload: UTC, ISO 8601."""
    return at.astimezone(UTC).isoformat()


def clean_text(value: object, field: str, *, max_length: int, required: bool = True) -> str:
    """Trimmed text, refused when missing (if required) or longer than ``max_length``."""
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidInput(
            "required", _("This field is required."), {field: _("This field is required.")}
        )
    if len(text) > max_length:
        message = _("At most %(n)s characters.") % {"n": max_length}
        raise InvalidInput("too_long", _("The text is too long."), {field: message})
    return text


def clean_choice(value: str, choices: type[Any], field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            "invalid_choice",
            _("Choose one of the listed values."),
            {field: _("Not one of the choices.")},
        )
    return value
