"""API schemas of tickets: what comes in for each action and what a ticket looks like out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import prefetch_related_objects
from ninja import Field, Schema
from pydantic import BeforeValidator

from kefu.core.models import User
from kefu.customers.masking import masked_values
from kefu.tickets import queries
from kefu.tickets.guides import guide_for
from kefu.tickets.models import Ticket

# Labels and seed quotes are lazy translations: rendered in the request's language.
Text = Annotated[str, BeforeValidator(str)]

# --- in -----------------------------------------------------------------------------------


class TicketIn(Schema):
    description: str = Field(..., max_length=5000)
    channel: str
    demand: str = ""
    customer_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    order_number: str = ""
    order_item_id: int | None = None
    category: str = ""
    subtype: str = ""
    urgent: bool = False
    important: bool = False
    auto_assign: bool = False


class TicketPatch(Schema):
    version: int
    description: str | None = None
    demand: str | None = None
    category: str | None = None
    subtype: str | None = None
    urgent: bool | None = None
    important: bool | None = None


class QueueFilter(Schema):
    mine: bool = False
    team_id: int | None = None
    unassigned: bool = False
    breaching_within_minutes: int | None = Field(None, ge=0, le=60 * 24 * 365)
    status: str | None = None
    category: str | None = None
    after: str | None = None
    limit: int = 50
    offset: int = 0


class VersionIn(Schema):
    version: int | None = None


class ReplyIn(Schema):
    body: str
    internal: bool = False
    channel: str = ""


class CustomerMessageIn(Schema):
    body: str
    channel: str = ""


class AssignIn(VersionIn):
    assignee_id: int | None = None
    auto: bool = False
    team_id: int | None = None


class OptionIn(Schema):
    kind: str
    amount_fen: int = Field(0, ge=0)
    note: str = ""


class OfferIn(VersionIn):
    solutions: list[OptionIn]


class ChoiceIn(VersionIn):
    solution_id: int


class ProgressIn(Schema):
    step: str


class PromiseIn(Schema):
    until: datetime | None = None


class DelayIn(Schema):
    reason: str
    until: datetime
    compensation_fen: int = Field(0, ge=0)
    compensation_note: str = ""


class EscalateIn(Schema):
    target: str
    reason: str
    to_user_id: int | None = None


class AnswerIn(Schema):
    answer: str


class ResolveIn(VersionIn):
    resolution: str = ""


class ConfirmIn(Schema):
    satisfied: bool | None
    note: str = ""


class ReopenIn(VersionIn):
    reason: str


class MergeIn(VersionIn):
    into: str = Field(..., description="The number of the ticket to keep.")


# --- out ----------------------------------------------------------------------------------


class TicketMessageOut(Schema):
    id: int
    direction: str
    author_id: int | None
    body: str
    channel: str
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by_id: int | None
    created_at: datetime


class SolutionOut(Schema):
    id: int
    kind: str
    kind_label: str
    amount_fen: int
    note: str
    status: str
    offered_by_id: int | None
    offered_at: datetime
    chosen_at: datetime | None
    steps: list[str]
    next_step: str | None
    item_received_at: datetime | None
    inspected_at: datetime | None
    shipped_back_at: datetime | None
    refunded_at: datetime | None
    completed_at: datetime | None


class EscalationOut(Schema):
    id: int
    target: str
    to_user_id: int | None
    reason: str
    created_by_id: int | None
    created_at: datetime
    answer: str
    answered_by_id: int | None
    answered_at: datetime | None


class DelayOut(Schema):
    id: int
    reason: str
    previous_due_at: datetime
    new_due_at: datetime
    compensation_fen: int
    compensation_note: str
    late: bool
    created_at: datetime


class TicketFields(Schema):
    """What the queue and the detail share; plain values, so a stored answer re-validates."""

    number: str
    status: str
    status_label: str
    channel: str
    category: str
    subtype: str
    urgent: bool
    important: bool
    agitated: bool
    priority: int
    customer_id: int
    customer_name: str
    order_number: str | None
    assignee_id: int | None
    team_id: int | None
    next_due_at: datetime | None
    promised_resolution_at: datetime | None
    first_responded_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class TicketOut(TicketFields):
    """A row of the queue."""


class StepOut(Schema):
    code: str
    label: Text
    script: Text
    state: str


class QuadrantOut(Schema):
    priority: int
    label: Text
    handling: Text
    strategy: Text


class GuideOut(Schema):
    subtype: str
    seed_title: str
    default_category: str
    causes: list[Text]
    handling: list[Text]
    prevention: list[Text]
    suggested_solutions: list[Text]


class TicketDetailOut(TicketFields):
    """One ticket with what its page shows: guide, quadrant, six steps, buttons, remedies.
    Built by ``detail_data``."""

    description: str
    demand: str
    order_item_id: int | None
    customer_phone: str
    resolution: str
    resolved_at: datetime | None
    satisfaction_asked_at: datetime | None
    satisfaction_confirmed: bool | None
    satisfaction_note: str
    closed_at: datetime | None
    merged_into: str | None
    quadrant: QuadrantOut
    guide: GuideOut | None
    six_steps: list[StepOut]
    allowed_actions: list[str]
    solutions: list[SolutionOut]
    escalations: list[EscalationOut]
    attachments: list[AttachmentOut]


DETAIL_FIELDS = (
    "description",
    "demand",
    "order_item_id",
    "resolution",
    "resolved_at",
    "satisfaction_asked_at",
    "satisfaction_confirmed",
    "satisfaction_note",
    "closed_at",
)


def _dump(schema: type[Schema], rows: Any) -> list[dict[str, Any]]:
    return [schema.from_orm(row).model_dump() for row in rows]


def detail_data(actor: User, ticket: Ticket) -> dict[str, Any]:
    """``ticket`` as ``actor`` sees it (phone masked, their buttons), as plain values."""
    # Solutions are read by the buttons, the six steps and the list: once (none for a ticket
    # just opened, whose caches open_ticket filled).
    prefetch_related_objects([ticket], "solutions", "escalations", "attachments")
    guide = guide_for(ticket.subtype)
    return {
        **TicketOut.from_orm(ticket).model_dump(),
        **{name: getattr(ticket, name) for name in DETAIL_FIELDS},
        "customer_phone": masked_values(ticket.customer).get("phone", ""),
        "merged_into": ticket.merged_into.number if ticket.merged_into_id else None,
        "quadrant": QuadrantOut.from_orm(ticket.quadrant).model_dump(),
        "guide": GuideOut.from_orm(guide).model_dump() if guide else None,
        "six_steps": _dump(StepOut, queries.six_steps(ticket)),
        "allowed_actions": queries.allowed_actions(actor, ticket),
        "solutions": _dump(SolutionOut, ticket.solutions.all()),
        "escalations": _dump(EscalationOut, ticket.escalations.all()),
        "attachments": _dump(AttachmentOut, ticket.attachments.all()),
    }


class RouteOut(Schema):
    code: str
    label: Text


class TicketVerdictOut(Schema):
    kind: str
    label: str
    summary: str
    basis: date
    basis_kind: str
    return_until: date | None
    exchange_until: date | None
    warranty_until: date


class TicketItemOut(Schema):
    id: int
    sku: str = Field(..., alias="product.sku")
    product: str = Field(..., alias="product.name")
    quantity: int
    unit_price_fen: int


class ItemVerdictOut(Schema):
    item: TicketItemOut
    verdict: TicketVerdictOut


class DiagnosisOut(Schema):
    order_number: str | None
    order_amount_fen: int | None
    item: TicketItemOut | None
    purchased_on: date | None
    delivered_on: date | None
    delivery_status: str | None
    tracking_number: str | None
    verdict: TicketVerdictOut | None
    items: list[ItemVerdictOut]
    routes: list[RouteOut]
    guide: GuideOut | None

    @staticmethod
    def resolve_order_number(obj: queries.Diagnosis) -> str | None:
        return obj.order.number if obj.order else None

    @staticmethod
    def resolve_order_amount_fen(obj: queries.Diagnosis) -> int | None:
        return obj.order.amount_fen if obj.order else None

    @staticmethod
    def resolve_delivery_status(obj: queries.Diagnosis) -> str | None:
        return obj.order.delivery_status if obj.order else None

    @staticmethod
    def resolve_tracking_number(obj: queries.Diagnosis) -> str | None:
        return obj.order.tracking_number if obj.order else None


class TicketTimelineEntryOut(Schema):
    at: datetime
    kind: str
    data: dict[str, Any]

    @staticmethod
    def resolve_data(obj: queries.TimelineEntry) -> dict[str, Any]:
        row = obj.row
        schema = {
            "message": TicketMessageOut,
            "solution": SolutionOut,
            "escalation": EscalationOut,
            "attachment": AttachmentOut,
            "delay": DelayOut,
        }.get(obj.kind)
        if schema is not None:
            return schema.from_orm(row).model_dump(mode="json")
        return {"name": row.name, "actor_id": row.actor_id, "payload": row.payload}
