"""Streaming a complaint's file: only after the permission-checked lookup, in a sandbox."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _

from kefu.complaints.models import ComplaintAttachment
from kefu.core.errors import NotFound


def attachment_response(row: ComplaintAttachment) -> FileResponse:
    """Images inline, PDFs as a download; nothing in the file can run (CSP sandbox, nosniff)."""
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise NotFound("attachment_missing", _("The file is no longer stored.")) from None
    response = FileResponse(
        handle,
        content_type=row.content_type,
        as_attachment=not row.content_type.startswith("image/"),
        filename=row.original_name,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
