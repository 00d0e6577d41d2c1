"""What every complaint service does first and last: permission, row lock, version, state, save."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.models import Complaint
from kefu.complaints.workflow import CUSTOMER_ACTIONS, WORKFLOW
from kefu.core.concurrency import save_if_current
from kefu.core.errors import Forbidden
from kefu.core.events import record_event
from kefu.core.models import Event, User
from kefu.core.permissions import require
from kefu.sla.models import Deadline
from kefu.sla.services import meet_deadline, start_deadline
from kefu.tickets.services.flow import clean_choice, clean_text, stale

# The complaint's timed promises: every duration is an sla Policy row.
FIRST_CONTACT = "complaint.first_contact"  # 000 §三(五): 接到投訴後1小時內聯繫客戶
INVESTIGATION = "complaint.investigation"  # 004 §六: 請顧客給予一定時間展開調查
FOLLOW_UP = "complaint.follow_up"  # 000 §三(五): 投訴解決後2天內回訪
CONFIRMATION_LINK = "complaint.confirmation_link"  # how long a confirmation link works

__all__ = [
    "CONFIRMATION_LINK",
    "FIRST_CONTACT",
    "FOLLOW_UP",
    "INVESTIGATION",
    "begin",
    "clean_choice",
    "clean_text",
    "emit",
    "lock",
    "save",
    "settle",
    "start_complaint_deadline",
]


def lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)


def begin(
    actor: User | None, complaint: Complaint, action: str, *, version: int | None = None
) -> tuple[Complaint, str]:
    """Check ``actor`` may ``action`` the complaint, lock its row, check the version the user
    read and the state table; return the locked row and the state it moves to.

    ``actor`` None is the customer on the confirmation page (the link is their permission);
    only the customer's own actions take it, and staff never take those.
    Call inside the service's transaction; nothing is written before this returns.
    """
    if action in CUSTOMER_ACTIONS:
        if actor is not None:
            raise Forbidden(
                "customer_only", _("Only the customer can do this, on the confirmation page.")
            )
    elif actor is None:
        raise Forbidden("forbidden", _("You do not have permission to do this."))
    else:
        require(actor, f"complaint.{action}", complaint)
    locked = lock(complaint)
    if version is not None and locked.version != version:
        raise stale()
    return locked, WORKFLOW.next_state(locked.status, action, actor)


def save(complaint: Complaint, fields: list[str]) -> None:
    """Write ``fields`` of the locked complaint and bump its version."""
    complaint.updated_at = timezone.now()
    save_if_current(complaint, None, [*dict.fromkeys([*fields, "updated_at"])])


def emit(
    name: str, complaint: Complaint, actor: User | None, *, timeline: bool = True, **payload: Any
) -> Event:
    """Record a complaint event; on the customer's timeline unless ``timeline`` is False
    (internal matters such as accountability). The payload holds codes, not people."""
    return record_event(
        name,
        subject=complaint,
        actor=actor,
        customer_id=complaint.customer_id if timeline else None,
        payload={"number": complaint.number, **payload},
    )


def start_complaint_deadline(
    kind: str, complaint: Complaint, *, started_at: datetime | None = None
) -> Deadline:
    """Open ``kind`` for the complaint, owned by its owner and team."""
    return start_deadline(
        kind=kind,
        subject=complaint,
        started_at=started_at,
        owner=complaint.owner,
        team=complaint.team,
    )


def settle(complaint: Complaint, kind: str, at: datetime | None = None) -> Deadline | None:
    """Record the open deadline ``kind`` kept now; a late one stays breached."""
    return meet_deadline(kind=kind, subject=complaint, at=at or timezone.now())
