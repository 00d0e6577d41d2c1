"""Photos and PDFs on a ticket (A-01): checked by content, stored privately, never executed.

The content type comes from the file's first bytes, not from its name or the browser; a name
whose extension disagrees with the content (an ``.exe`` or HTML page called ``photo.jpg``) is
refused as disguised.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import InvalidInput
from kefu.core.models import User
from kefu.tickets.models import Attachment, Ticket
from kefu.tickets.services.flow import begin, emit

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
EXTENSIONS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


def sniff(head: bytes) -> str | None:
    """The content type named by the file's magic bytes, or None for anything not allowed."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((ctype for magic, ctype in SIGNATURES if head.startswith(magic)), None)


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def _refuse(code: str, message: str) -> InvalidInput:
    return InvalidInput(code, message, {"file": message})


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse an empty, oversized, unsupported or disguised file; nothing is stored."""
    name = PurePath(str(upload.name or "").replace("\\", "/")).name[-200:] or "file"
    size = int(upload.size or 0)
    if size == 0:
        raise _refuse("attachment_empty", _("The file is empty."))
    if size > MAX_ATTACHMENT_BYTES:
        raise _refuse(
            "attachment_too_large",
            _("A file may be at most %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
        )
    digest = hashlib.sha256()
    upload.seek(0)
    head = b""
    for chunk in upload.chunks():
        head = head or chunk[:16]
        digest.update(chunk)
    upload.seek(0)
    actual = sniff(head)
    expected = EXTENSIONS.get(PurePath(name).suffix.lower())
    if expected is None:
        raise _refuse(
            "attachment_type",
            _("Only photos (JPEG, PNG, GIF, WebP) and PDF files can be attached."),
        )
    if actual != expected:
        raise _refuse(
            "attachment_disguised",
            _("The content of %(name)s does not match its name; it was refused.") % {"name": name},
        )
    return CheckedFile(upload, name, actual, size, digest.hexdigest())


def store(ticket: Ticket, checked: CheckedFile, actor: User | None) -> Attachment:
    """Write the checked file under the private media root and record it."""
    row = Attachment(
        ticket=ticket,
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
def add_attachment(*, actor: User, ticket: Ticket, upload: UploadedFile) -> Attachment:
    """Attach a photo or PDF to the ticket: at most 10 MB, content-checked, private.

    Implements A-01 (attachments).
    """
    locked, _state = begin(actor, ticket, "attach")
    checked = check_upload(upload)
    row = store(locked, checked, actor)
    record_audit(
        actor=actor,
        action="ticket.attachment_added",
        subject=locked,
        data={"attachment": row.pk, "size": row.size, "type": row.content_type},
    )
    emit(
        "ticket.attachment_added",
        locked,
        actor,
        attachment_id=row.pk,
        content_type=row.content_type,
    )
    return row
