"""The append-only audit log (P-05): one function writes it, nothing edits or deletes it."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest

from kefu.core.models import AuditEntry, User


def subject_ref(obj: Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def record_audit(
    *,
    actor: User | None,
    action: str,
    subject: Model | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one audit line. ``data`` must not hold personal data (values are ids and codes)."""
    subject_type, subject_id = subject_ref(subject) if subject is not None else ("", "")
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        summary=summary[:300],
        data=data or {},
        ip=ip,
    )
