"""The download of a ticket's attachment, which checks who may see it.

Attachments live outside static (never served by whitenoise); this view and the API are the
only ways to read one.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from kefu.core.errors import NotFound
from kefu.tickets import queries
from kefu.tickets.models import Attachment


def attachment_response(row: Attachment) -> FileResponse:
    """Stream the file: images inline, PDFs as a download, in a sandbox that runs nothing."""
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


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    try:
        row = queries.attachment_for(request.user, attachment_id)  # type: ignore[arg-type]
        return attachment_response(row)
    except NotFound as exc:
        raise Http404(exc.message) from exc
