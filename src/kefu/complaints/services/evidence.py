"""Files on a complaint (evidence, signed consent): checked by content, stored privately.

The checks are the tickets app's (magic bytes, size, disguised names); the file lives under
the private media root and is read only through the permission-checked download.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from kefu.complaints.models import AttachmentKind, Complaint, ComplaintAttachment
from kefu.complaints.services.flow import begin, clean_choice, emit
from kefu.core.audit import record_audit
from kefu.core.models import User
from kefu.tickets.services.attachments import CheckedFile, check_upload


def store(
    complaint: Complaint, checked: CheckedFile, actor: User | None, kind: str
) -> ComplaintAttachment:
    """Write the checked file under the private media root and record it."""
    row = ComplaintAttachment(
        complaint=complaint,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    row.file.save(checked.name, checked.upload, save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    return row


@transaction.atomic
def add_complaint_attachment(
    *, actor: User, complaint: Complaint, upload: UploadedFile, kind: str = AttachmentKind.OTHER
) -> ComplaintAttachment:
    """Keep a photo or PDF on the complaint: at most 10 MB, content-checked, private.

    Implements K-10 (evidence kept) and K-07 (signed consent kept).
    """
    locked, _state = begin(actor, complaint, "attach")
    kind = clean_choice(kind, AttachmentKind, "kind")
    row = store(locked, check_upload(upload), actor, kind)
    record_audit(
        actor=actor,
        action="complaint.attachment_added",
        subject=locked,
        data={"attachment": row.pk, "kind": kind, "size": row.size},
    )
    emit("complaint.attachment_added", locked, actor, attachment_id=row.pk, kind=kind)
    return row
