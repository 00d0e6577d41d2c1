"""After-sales tickets over the API (`/api/v1/tickets`): the queue, intake, and one POST per
action. Each endpoint parses, makes one service or query call, and answers a schema.

Refusals come back as ``{"error", "message", "fields"}``: 403 forbidden, 404 not visible,
409 ``illegal_transition`` / ``stale_version``, 422 bad input; nothing is written then.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, UploadedFile
from ninja.responses import Status

from kefu.core.idempotency import idempotent_create
from kefu.core.models import Team, User
from kefu.core.pagination import Page, page
from kefu.tickets import queries, services
from kefu.tickets.models import Attachment, Delay, Escalation, Solution, Ticket, TicketMessage
from kefu.tickets.schemas import (
    AnswerIn,
    AssignIn,
    AttachmentOut,
    ChoiceIn,
    ConfirmIn,
    CustomerMessageIn,
    DelayIn,
    DelayOut,
    DiagnosisOut,
    EscalateIn,
    EscalationOut,
    MergeIn,
    OfferIn,
    ProgressIn,
    PromiseIn,
    QueueFilter,
    ReopenIn,
    ReplyIn,
    ResolveIn,
    SolutionOut,
    TicketDetailOut,
    TicketIn,
    TicketMessageOut,
    TicketOut,
    TicketPatch,
    TicketTimelineEntryOut,
    VersionIn,
    detail_data,
)
from kefu.tickets.views import attachment_response

router = Router(tags=["tickets"])
Detail = TicketDetailOut


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _ticket(request: HttpRequest, number: str) -> Ticket:
    return queries.ticket_detail(_actor(request), number)


def _detail(request: HttpRequest, ticket: Ticket) -> dict[str, Any]:
    return detail_data(_actor(request), ticket)


@router.get("/tickets", response=Page[TicketOut])
def ticket_queue(request: HttpRequest, filters: Query[QueueFilter]) -> dict[str, Any]:
    """The queue, soonest deadline first. `status` defaults to every open state."""
    within = filters.breaching_within_minutes
    qs = queries.ticket_queue(
        _actor(request),
        mine=filters.mine,
        team=filters.team_id,
        unassigned=filters.unassigned,
        status=filters.status,
        category=filters.category,
        breaching_within=timedelta(minutes=within) if within is not None else None,
        after=filters.after,
    )
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.post("/tickets", response={201: Detail})
def open_ticket(request: HttpRequest, body: TicketIn) -> Status[Any]:
    """Register a ticket (A-01); send `Idempotency-Key` to make a retry safe."""
    draft = services.NewTicket(**body.model_dump())
    return idempotent_create(
        request,
        lambda: _detail(request, services.open_ticket(actor=_actor(request), draft=draft)),
        TicketDetailOut,
    )


@router.get("/tickets/{number}", response=Detail)
def ticket_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    return _detail(request, _ticket(request, number))


@router.patch("/tickets/{number}", response=Detail)
def update_ticket(request: HttpRequest, number: str, body: TicketPatch) -> dict[str, Any]:
    """Change description, demand, category, sub-type, urgency or importance; `version` is
    the one you read (409 `stale_version` if someone saved since)."""
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    return _detail(
        request,
        services.update_ticket(
            actor=_actor(request),
            ticket=_ticket(request, number),
            version=body.version,
            changes=changes,
        ),
    )


@router.get("/tickets/{number}/timeline", response=list[TicketTimelineEntryOut])
def ticket_timeline(request: HttpRequest, number: str) -> list[queries.TimelineEntry]:
    return queries.ticket_timeline(_actor(request), _ticket(request, number))


@router.get("/tickets/{number}/diagnosis", response=DiagnosisOut)
def diagnosis(request: HttpRequest, number: str) -> queries.Diagnosis:
    """Order, product, dates, policy verdict and where to route the problem (A-04)."""
    return queries.diagnosis(_actor(request), _ticket(request, number))


@router.post("/tickets/{number}/reply", response={201: TicketMessageOut})
def reply(request: HttpRequest, number: str, body: ReplyIn) -> Status[TicketMessage]:
    return Status(
        201,
        services.reply_to_ticket(
            actor=_actor(request),
            ticket=_ticket(request, number),
            body=body.body,
            internal=body.internal,
            channel=body.channel,
        ),
    )


@router.post("/tickets/{number}/customer-messages", response={201: TicketMessageOut})
def customer_message(
    request: HttpRequest, number: str, body: CustomerMessageIn
) -> Status[TicketMessage]:
    """Record what the customer wrote or said (angry words raise urgency)."""
    return Status(
        201,
        services.record_customer_message(
            actor=_actor(request),
            ticket=_ticket(request, number),
            body=body.body,
            channel=body.channel,
        ),
    )


@router.post("/tickets/{number}/diagnose", response=Detail)
def start_diagnosis(request: HttpRequest, number: str, body: VersionIn) -> dict[str, Any]:
    return _detail(
        request,
        services.start_diagnosis(
            actor=_actor(request), ticket=_ticket(request, number), version=body.version
        ),
    )


@router.post("/tickets/{number}/assign", response=Detail)
def assign(request: HttpRequest, number: str, body: AssignIn) -> dict[str, Any]:
    """Assign to `assignee_id` (null: back to the pool), or `auto` to the least-loaded agent."""
    actor, ticket = _actor(request), _ticket(request, number)
    if body.auto:
        team = get_object_or_404(Team, pk=body.team_id) if body.team_id else None
        return _detail(request, services.auto_assign_ticket(actor=actor, ticket=ticket, team=team))
    assignee = get_object_or_404(User, pk=body.assignee_id) if body.assignee_id else None
    return _detail(
        request,
        services.assign_ticket(actor=actor, ticket=ticket, assignee=assignee, version=body.version),
    )


@router.post("/tickets/{number}/solutions", response={201: list[SolutionOut]})
def offer_solutions(request: HttpRequest, number: str, body: OfferIn) -> Status[list[Solution]]:
    """Offer one or two solutions (A-05)."""
    options = [services.SolutionOption(**o.model_dump()) for o in body.solutions]
    return Status(
        201,
        services.offer_solutions(
            actor=_actor(request),
            ticket=_ticket(request, number),
            options=options,
            version=body.version,
        ),
    )


@router.post("/tickets/{number}/choice", response=SolutionOut)
def record_choice(request: HttpRequest, number: str, body: ChoiceIn) -> Solution:
    return services.record_customer_choice(
        actor=_actor(request),
        ticket=_ticket(request, number),
        solution_id=body.solution_id,
        version=body.version,
    )


@router.post("/tickets/{number}/solutions/{solution_id}/progress", response=SolutionOut)
def record_progress(
    request: HttpRequest, number: str, solution_id: int, body: ProgressIn
) -> Solution:
    """Record the next tracking step of the chosen solution (A-10); the customer is told."""
    return services.record_solution_progress(
        actor=_actor(request),
        ticket=_ticket(request, number),
        solution_id=solution_id,
        step=body.step,
    )


@router.post("/tickets/{number}/promise", response=Detail)
def promise(request: HttpRequest, number: str, body: PromiseIn) -> dict[str, Any]:
    """Promise a resolution time: the policy's (24 hours) or `until` (A-06)."""
    return _detail(
        request,
        services.promise_resolution(
            actor=_actor(request), ticket=_ticket(request, number), until=body.until
        ),
    )


@router.post("/tickets/{number}/delay", response={201: DelayOut})
def announce_delay(request: HttpRequest, number: str, body: DelayIn) -> Status[Delay]:
    """Announce a delay with its reason and any compensation (A-07)."""
    notice = services.DelayNotice(**body.model_dump())
    return Status(
        201,
        services.announce_delay(
            actor=_actor(request), ticket=_ticket(request, number), notice=notice
        ),
    )


@router.post("/tickets/{number}/escalate", response={201: EscalationOut})
def escalate(request: HttpRequest, number: str, body: EscalateIn) -> Status[Escalation]:
    """Escalate to supervisor, manager or tech support (A-09)."""
    to_user = get_object_or_404(User, pk=body.to_user_id) if body.to_user_id else None
    return Status(
        201,
        services.escalate_ticket(
            actor=_actor(request),
            ticket=_ticket(request, number),
            target=body.target,
            reason=body.reason,
            to_user=to_user,
        ),
    )


@router.post("/tickets/{number}/escalations/{escalation_id}/answer", response=EscalationOut)
def answer_escalation(
    request: HttpRequest, number: str, escalation_id: int, body: AnswerIn
) -> Escalation:
    escalation = queries.escalation_for(_actor(request), _ticket(request, number), escalation_id)
    return services.answer_escalation(
        actor=_actor(request), escalation=escalation, answer=body.answer
    )


@router.post("/tickets/{number}/resolve", response=Detail)
def resolve(request: HttpRequest, number: str, body: ResolveIn) -> dict[str, Any]:
    return _detail(
        request,
        services.resolve_ticket(
            actor=_actor(request),
            ticket=_ticket(request, number),
            resolution=body.resolution,
            version=body.version,
        ),
    )


@router.post("/tickets/{number}/confirm", response=Detail)
def confirm(request: HttpRequest, number: str, body: ConfirmIn) -> dict[str, Any]:
    """Record the satisfaction answer: true, false, or null for no answer (A-08)."""
    return _detail(
        request,
        services.confirm_satisfaction(
            actor=_actor(request),
            ticket=_ticket(request, number),
            satisfied=body.satisfied,
            note=body.note,
        ),
    )


@router.post("/tickets/{number}/close", response=Detail)
def close(request: HttpRequest, number: str, body: VersionIn) -> dict[str, Any]:
    return _detail(
        request,
        services.close_ticket(
            actor=_actor(request), ticket=_ticket(request, number), version=body.version
        ),
    )


@router.post("/tickets/{number}/reopen", response=Detail)
def reopen(request: HttpRequest, number: str, body: ReopenIn) -> dict[str, Any]:
    return _detail(
        request,
        services.reopen_ticket(
            actor=_actor(request),
            ticket=_ticket(request, number),
            reason=body.reason,
            version=body.version,
        ),
    )


@router.post("/tickets/{number}/merge", response=Detail)
def merge(request: HttpRequest, number: str, body: MergeIn) -> dict[str, Any]:
    """Merge this duplicate into ticket `into`; answers the kept ticket."""
    return _detail(
        request,
        services.merge_tickets(
            actor=_actor(request),
            duplicate=_ticket(request, number),
            keep=_ticket(request, body.into),
            version=body.version,
        ),
    )


@router.post("/tickets/{number}/attachments", response={201: AttachmentOut})
def add_attachment(
    request: HttpRequest, number: str, file: File[UploadedFile]
) -> Status[Attachment]:
    """Attach a photo (JPEG, PNG, GIF, WebP) or PDF of at most 10 MB (multipart `file`)."""
    return Status(
        201,
        services.add_attachment(
            actor=_actor(request), ticket=_ticket(request, number), upload=file
        ),
    )


@router.get("/tickets/{number}/attachments/{attachment_id}", response={200: None})
def download_attachment(request: HttpRequest, number: str, attachment_id: int) -> FileResponse:
    return attachment_response(
        queries.attachment_for(_actor(request), attachment_id, number=number)
    )
