"""Complaints over the API: the list, registration (also from a ticket), and one POST per action
of the state table. Each endpoint parses, makes one service or query call, and answers a schema.

Refusals come back as ``{"error", "message", "fields"}``: 403 forbidden (a role the state
table does not allow, or approving one's own plan), 404 not visible, 409
``illegal_transition`` / ``stale_version``, 422 bad input; nothing is written then.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from kefu.complaints import queries, services
from kefu.complaints.api.common import act, actor, detail, load
from kefu.complaints.schemas import (
    AcceptIn,
    ApproveIn,
    ClassifyIn,
    CloseIn,
    ComplaintAssignIn,
    ComplaintDetailOut,
    ComplaintEscalateIn,
    ComplaintIn,
    ComplaintNoteIn,
    ComplaintOut,
    ComplaintVersionIn,
    ConfirmationRequestOut,
    ContactIn,
    DismissIn,
    FindingsIn,
    FollowUpIn,
    FromTicketIn,
    ListFilter,
    PlanOut,
    PlansIn,
    ReasonIn,
)
from kefu.core.idempotency import idempotent_create
from kefu.core.pagination import Page, page
from kefu.customers.masking import masked
from kefu.tickets import queries as ticket_queries

router = Router(tags=["complaints"])
Detail = ComplaintDetailOut


@router.get("/complaints", response=Page[ComplaintOut])
def complaint_list(request: HttpRequest, filters: Query[ListFilter]) -> dict[str, Any]:
    """Complaints you may see, newest first; `status` is a state or `open`."""
    qs = queries.complaint_list(
        actor(request),
        status=filters.status,
        mine=filters.mine,
        crisis=filters.crisis,
        malicious=filters.malicious,
        number=filters.number,
    )
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.post("/complaints", response={201: Detail})
def register(request: HttpRequest, body: ComplaintIn) -> Status[Any]:
    """Register a complaint (K-01); send `Idempotency-Key` to make a retry safe."""
    draft = services.NewComplaint(**body.model_dump())
    return idempotent_create(
        request,
        lambda: detail(request, services.register_complaint(actor=actor(request), draft=draft)),
        ComplaintDetailOut,
    )


@router.post("/tickets/{ticket_number}/complaint", response={201: Detail})
def from_ticket(request: HttpRequest, ticket_number: str, body: FromTicketIn) -> Status[Any]:
    """Convert a ticket to a complaint of its customer, linked to it (K-01)."""
    ticket = ticket_queries.ticket_detail(actor(request), ticket_number)
    return idempotent_create(
        request,
        lambda: detail(
            request,
            services.convert_ticket_to_complaint(
                actor=actor(request), ticket=ticket, **body.model_dump()
            ),
        ),
        ComplaintDetailOut,
    )


@router.get("/complaints/{number}", response=Detail)
def complaint_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    return detail(request, load(request, number))


@router.post("/complaints/{number}/contact", response=Detail)
def contact(request: HttpRequest, number: str, body: ContactIn) -> dict[str, Any]:
    """Record the first contact (K-02)."""
    return act(
        request,
        number,
        lambda a, c: services.contact_complainant(
            actor=a, complaint=c, note=body.note, channel=body.channel, version=body.version
        ),
    )


@router.post("/complaints/{number}/accept", response=Detail)
def accept(request: HttpRequest, number: str, body: AcceptIn) -> dict[str, Any]:
    """Judge valid: responsible department; the customer is told the investigation time (K-03)."""
    return act(
        request,
        number,
        lambda a, c: services.accept_complaint(
            actor=a,
            complaint=c,
            department_id=body.department_id,
            note=body.note,
            version=body.version,
        ),
    )


@router.post("/complaints/{number}/dismiss", response=Detail)
def dismiss(request: HttpRequest, number: str, body: DismissIn) -> dict[str, Any]:
    """Judge not valid: the explanation is recorded and sent; closed (K-03)."""
    return act(
        request,
        number,
        lambda a, c: services.dismiss_complaint(
            actor=a, complaint=c, explanation=body.explanation, version=body.version
        ),
    )


@router.post("/complaints/{number}/investigate", response=Detail)
def investigate(request: HttpRequest, number: str, body: ComplaintVersionIn) -> dict[str, Any]:
    return act(
        request,
        number,
        lambda a, c: services.start_investigation(actor=a, complaint=c, version=body.version),
    )


@router.post("/complaints/{number}/findings", response=Detail)
def findings(request: HttpRequest, number: str, body: FindingsIn) -> dict[str, Any]:
    """Cause and responsible person/department (K-05)."""
    return act(
        request,
        number,
        lambda a, c: services.record_findings(
            actor=a,
            complaint=c,
            cause=body.cause,
            responsible_person_id=body.responsible_person_id,
            department_id=body.department_id,
            version=body.version,
        ),
    )


@router.post("/complaints/{number}/classify", response=Detail)
def classify(request: HttpRequest, number: str, body: ClassifyIn) -> dict[str, Any]:
    """Nature, urgency and scope → priority and owner (K-04)."""
    return act(
        request,
        number,
        lambda a, c: services.classify_complaint(
            actor=a,
            complaint=c,
            nature=body.nature,
            urgency=body.urgency,
            scope=body.scope,
            version=body.version,
        ),
    )


@router.post("/complaints/{number}/assign", response=Detail)
def assign(request: HttpRequest, number: str, body: ComplaintAssignIn) -> dict[str, Any]:
    return act(
        request,
        number,
        lambda a, c: services.assign_complaint(
            actor=a, complaint=c, owner_id=body.owner_id, version=body.version
        ),
    )


@router.post("/complaints/{number}/escalate", response=Detail)
def escalate(request: HttpRequest, number: str, body: ComplaintEscalateIn) -> dict[str, Any]:
    """The complaint went public: escalate to a manager (K-11)."""
    return act(
        request,
        number,
        lambda a, c: services.escalate_complaint(
            actor=a,
            complaint=c,
            source=body.source,
            source_detail=body.source_detail,
            version=body.version,
        ),
    )


@router.post("/complaints/{number}/plans", response={201: list[PlanOut]})
def propose(request: HttpRequest, number: str, body: PlansIn) -> Status[Any]:
    """Propose one or more plans with compensation (K-06)."""
    drafts = [services.PlanDraft(**p.model_dump()) for p in body.plans]
    return Status(
        201,
        services.propose_plans(
            actor=actor(request),
            complaint=load(request, number),
            plans=drafts,
            version=body.version,
        ),
    )


@router.post("/complaints/{number}/approve", response=Detail)
def approve(request: HttpRequest, number: str, body: ApproveIn) -> dict[str, Any]:
    """Approve one proposed plan; not one you proposed (K-06)."""
    return act(
        request,
        number,
        lambda a, c: services.approve_plan(
            actor=a, complaint=c, plan_id=body.plan_id, note=body.note, version=body.version
        ),
    )


@router.post("/complaints/{number}/send-back", response=Detail)
def send_back(request: HttpRequest, number: str, body: ComplaintNoteIn) -> dict[str, Any]:
    return act(
        request,
        number,
        lambda a, c: services.send_back_plans(
            actor=a, complaint=c, note=body.note, version=body.version
        ),
    )


@router.post("/complaints/{number}/carry-out", response=Detail)
def carry_out(request: HttpRequest, number: str, body: ComplaintNoteIn) -> dict[str, Any]:
    return act(
        request,
        number,
        lambda a, c: services.carry_out_plan(
            actor=a, complaint=c, note=body.note, version=body.version
        ),
    )


@router.post("/complaints/{number}/confirmation-request", response={201: ConfirmationRequestOut})
def request_confirmation(request: HttpRequest, number: str) -> Status[Any]:
    """Send the customer the link to accept or reject the approved plan (K-07). The link
    itself is only in the message to the customer."""
    sent = services.request_confirmation(actor=actor(request), complaint=load(request, number))
    kind = "phone" if sent.message.channel == "sms" else "email"
    return Status(
        201,
        {
            "link_id": sent.link.pk,
            "expires_at": sent.link.expires_at,
            "channel": sent.message.channel,
            "recipient": masked(kind, sent.message.recipient),
        },
    )


@router.post("/complaints/{number}/consent", response=Detail)
def consent(
    request: HttpRequest, number: str, note: Form[str], file: File[UploadedFile]
) -> dict[str, Any]:
    """Record the customer's consent with evidence: a note and a file (multipart) (K-07)."""
    return act(
        request,
        number,
        lambda a, c: services.record_consent(actor=a, complaint=c, note=note, evidence=file),
    )


@router.post("/complaints/{number}/rejection", response=Detail)
def rejection(request: HttpRequest, number: str, body: ReasonIn) -> dict[str, Any]:
    """Record that the customer rejected the plan, with the reason; back to the plans (K-07)."""
    return act(
        request,
        number,
        lambda a, c: services.record_rejection(
            actor=a, complaint=c, reason=body.reason, version=body.version
        ),
    )


@router.post("/complaints/{number}/follow-up", response=Detail)
def follow_up(request: HttpRequest, number: str, body: FollowUpIn) -> dict[str, Any]:
    """The follow-up visit within the policy's time after resolution (K-08)."""
    return act(
        request,
        number,
        lambda a, c: services.follow_up_complaint(
            actor=a, complaint=c, note=body.note, satisfied=body.satisfied, version=body.version
        ),
    )


@router.post("/complaints/{number}/close", response=Detail)
def close(request: HttpRequest, number: str, body: CloseIn) -> dict[str, Any]:
    """Close with summary and evaluation, after the follow-up (K-08, K-09)."""
    return act(
        request,
        number,
        lambda a, c: services.close_complaint(
            actor=a,
            complaint=c,
            summary=body.summary,
            evaluation=body.evaluation,
            version=body.version,
        ),
    )
