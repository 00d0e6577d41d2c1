"""Malicious complaints (恶意投诉, K-10): flagged only with evidence kept, handled by the rule the
shop wrote (``PolicyText`` "malicious"), closed as malicious by a manager.

004 §七 reminds us not to doubt the customer's honesty (不懷疑顧客的誠實品格): a flag needs
evidence — files or conversation records — and can be cleared by a supervisor.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.complaints.models import (
    AttachmentKind,
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    Outcome,
    PolicyText,
)
from kefu.complaints.services.closing import settle_all
from kefu.complaints.services.evidence import store
from kefu.complaints.services.flow import begin, clean_choice, clean_text, emit, save
from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.tickets.services.attachments import check_upload

TEXT_MAX = 5000
POLICY_MAX = 10000


def _mark_messages(complaint: Complaint, message_ids: list[int]) -> int:
    ids = set(message_ids)
    rows = ComplaintMessage.objects.filter(complaint=complaint, pk__in=ids)
    if rows.count() != len(ids):
        message = _("Choose conversation records of this complaint.")
        raise InvalidInput("unknown_message", message, {"message_ids": message})
    return rows.update(evidence=True)


@transaction.atomic
def flag_malicious(
    *,
    actor: User,
    complaint: Complaint,
    reason: str,
    evidence: list[UploadedFile] | None = None,
    message_ids: list[int] | None = None,
    version: int | None = None,
) -> Complaint:
    """Flag the complaint malicious, keeping the evidence: files and/or conversation records.

    Refused without any evidence (new files, chosen records, or evidence already on file).
    Implements K-10.
    """
    locked, _state = begin(actor, complaint, "flag_malicious", version=version)
    text = clean_text(reason, "reason", max_length=TEXT_MAX)
    checked = [check_upload(upload) for upload in evidence or []]
    marked = _mark_messages(locked, list(message_ids or []))
    on_file = ComplaintAttachment.objects.filter(
        complaint=locked, kind=AttachmentKind.EVIDENCE
    ).exists()
    if not (checked or marked or on_file):
        message = _("Keep evidence: attach files or choose conversation records.")
        raise InvalidInput("evidence_required", message, {"evidence": message})
    files = [store(locked, one, actor, AttachmentKind.EVIDENCE).pk for one in checked]
    locked.malicious, locked.malicious_reason = True, text
    locked.malicious_flagged_at, locked.malicious_flagged_by = timezone.now(), actor
    save(locked, ["malicious", "malicious_reason", "malicious_flagged_at", "malicious_flagged_by"])
    record_audit(
        actor=actor,
        action="complaint.flagged_malicious",
        subject=locked,
        data={"attachments": files, "messages": sorted(set(message_ids or []))},
    )
    emit("complaint.flagged_malicious", locked, actor, timeline=False)
    return locked


@transaction.atomic
def clear_malicious(
    *, actor: User, complaint: Complaint, note: str, version: int | None = None
) -> Complaint:
    """Take back a malicious flag (the evidence stays on file). Implements K-10."""
    locked, _state = begin(actor, complaint, "clear_malicious", version=version)
    text = clean_text(note, "note", max_length=TEXT_MAX)
    if not locked.malicious:
        raise InvalidInput("not_flagged", _("The complaint is not flagged as malicious."))
    locked.malicious = False
    save(locked, ["malicious"])
    record_audit(
        actor=actor, action="complaint.malicious_cleared", subject=locked, summary=text[:300]
    )
    emit("complaint.malicious_cleared", locked, actor, timeline=False)
    return locked


@transaction.atomic
def close_malicious(
    *, actor: User, complaint: Complaint, note: str, version: int | None = None
) -> Complaint:
    """Close a flagged complaint as malicious under the shop's rule, with the decision written
    down; a manager's call. Implements K-10."""
    locked, state = begin(actor, complaint, "close_malicious", version=version)
    if not locked.malicious:
        message = _("Flag the complaint as malicious, with evidence, before closing it so.")
        raise InvalidInput("not_flagged", message, {"note": message})
    locked.summary = clean_text(note, "note", max_length=TEXT_MAX)
    locked.status, locked.outcome, locked.closed_at = state, Outcome.MALICIOUS, timezone.now()
    save(locked, ["summary", "status", "outcome", "closed_at"])
    settle_all(locked)
    record_audit(
        actor=actor, action="complaint.closed", subject=locked, data={"outcome": Outcome.MALICIOUS}
    )
    emit("complaint.closed", locked, actor, timeline=False, outcome=Outcome.MALICIOUS)
    return locked


def handling_rule(key: str = PolicyText.Key.MALICIOUS) -> str:
    """The shop's own text of a handling rule; empty when none was written."""
    return PolicyText.objects.filter(key=key).values_list("text", flat=True).first() or ""


@transaction.atomic
def save_handling_rule(*, actor: User, key: str, text: str) -> PolicyText:
    """Write the shop's rule (how malicious complaints are handled); managers. Implements K-10."""
    require(actor, "complaint.manage_rules")
    key = clean_choice(key, PolicyText.Key, "key")
    body = clean_text(text, "text", max_length=POLICY_MAX)
    row, _created = PolicyText.objects.update_or_create(
        key=key, defaults={"text": body, "updated_at": timezone.now(), "updated_by": actor}
    )
    record_audit(actor=actor, action="complaint.rule_saved", subject=row, data={"key": key})
    return row
