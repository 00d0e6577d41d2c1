"""Complaint records over the API: the accountability note, the malicious flag with its
evidence, conversation records and files (K-07, K-10)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, UploadedFile
from ninja.responses import Status

from kefu.complaints import queries, services
from kefu.complaints.api.common import act, actor, load
from kefu.complaints.models import ComplaintAttachment, ComplaintMessage
from kefu.complaints.schemas import (
    ComplaintAttachmentOut,
    ComplaintDetailOut,
    ComplaintMessageOut,
    ComplaintNoteIn,
    ConversationIn,
)
from kefu.complaints.views.files import attachment_response

router = Router(tags=["complaints"])
Detail = ComplaintDetailOut


@router.post("/complaints/{number}/accountability", response=Detail)
def accountability(request: HttpRequest, number: str, body: ComplaintNoteIn) -> dict[str, Any]:
    """The internal accountability note; supervisors and managers only (K-07)."""
    return act(
        request,
        number,
        lambda a, c: services.note_accountability(
            actor=a, complaint=c, note=body.note, version=body.version
        ),
    )


@router.post("/complaints/{number}/malicious", response=Detail)
def flag_malicious(
    request: HttpRequest,
    number: str,
    reason: Form[str],
    message_ids: Form[list[int]] = None,  # type: ignore[assignment]
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> dict[str, Any]:
    """Flag as malicious with evidence: files and/or conversation record ids (multipart) (K-10)."""
    return act(
        request,
        number,
        lambda a, c: services.flag_malicious(
            actor=a,
            complaint=c,
            reason=reason,
            evidence=list(files or []),
            message_ids=list(message_ids or []),
        ),
    )


@router.post("/complaints/{number}/malicious/clear", response=Detail)
def clear_malicious(request: HttpRequest, number: str, body: ComplaintNoteIn) -> dict[str, Any]:
    return act(
        request,
        number,
        lambda a, c: services.clear_malicious(
            actor=a, complaint=c, note=body.note, version=body.version
        ),
    )


@router.post("/complaints/{number}/malicious/close", response=Detail)
def close_malicious(request: HttpRequest, number: str, body: ComplaintNoteIn) -> dict[str, Any]:
    """Close a flagged complaint as malicious under the shop's rule; managers (K-10)."""
    return act(
        request,
        number,
        lambda a, c: services.close_malicious(
            actor=a, complaint=c, note=body.note, version=body.version
        ),
    )


@router.post("/complaints/{number}/conversation", response={201: ComplaintMessageOut})
def conversation(request: HttpRequest, number: str, body: ConversationIn) -> Status[Any]:
    row: ComplaintMessage = services.record_conversation(
        actor=actor(request),
        complaint=load(request, number),
        body=body.body,
        direction=body.direction,
        channel=body.channel,
    )
    return Status(201, row)


@router.post("/complaints/{number}/attachments", response={201: ComplaintAttachmentOut})
def add_attachment(
    request: HttpRequest, number: str, file: File[UploadedFile], kind: Form[str] = "other"
) -> Status[Any]:
    """Attach a photo or PDF (evidence, consent, other) of at most 10 MB (multipart)."""
    row: ComplaintAttachment = services.add_complaint_attachment(
        actor=actor(request), complaint=load(request, number), upload=file, kind=kind
    )
    return Status(201, row)


@router.get("/complaints/{number}/attachments/{attachment_id}", response={200: None})
def download_attachment(request: HttpRequest, number: str, attachment_id: int) -> FileResponse:
    row = queries.attachment_for(actor(request), attachment_id, complaint=load(request, number))
    return attachment_response(row)
