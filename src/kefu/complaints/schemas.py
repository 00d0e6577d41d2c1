"""API schemas of complaints and incidents: what comes in for each action and what goes out.

Contact details go out masked; the accountability note only to supervisors and managers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict

from kefu.complaints import queries
from kefu.complaints.models import Complaint
from kefu.core.models import User
from kefu.core.permissions import allowed
from kefu.customers.masking import masked

Text = Annotated[str, BeforeValidator(str)]


# --- in -----------------------------------------------------------------------------------


class ComplaintIn(Schema):
    content: str = Field(..., max_length=5000)
    channel: str
    demand: str = ""
    received_at: datetime | None = None
    customer_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    order_number: str = ""
    order_item_id: int | None = None
    ticket_number: str = ""
    source: str = "direct"
    source_detail: str = ""
    nature: str = ""
    urgency: str = "normal"
    scope: str = "individual"


class FromTicketIn(Schema):
    content: str = ""
    source: str = "direct"
    source_detail: str = ""
    nature: str = ""
    urgency: str = "normal"
    scope: str = "individual"


class ListFilter(Schema):
    status: str | None = None
    mine: bool = False
    crisis: bool | None = None
    malicious: bool | None = None
    number: str = ""
    limit: int = 50
    offset: int = 0


class ComplaintVersionIn(Schema):
    version: int | None = None


class ContactIn(ComplaintVersionIn):
    note: str
    channel: str = ""


class AcceptIn(ComplaintVersionIn):
    department_id: int | None = None
    note: str = ""


class DismissIn(ComplaintVersionIn):
    explanation: str


class FindingsIn(ComplaintVersionIn):
    cause: str
    responsible_person_id: int | None = None
    department_id: int | None = None


class ClassifyIn(ComplaintVersionIn):
    nature: str
    urgency: str = "normal"
    scope: str = "individual"


class ComplaintAssignIn(ComplaintVersionIn):
    owner_id: int


class ComplaintEscalateIn(ComplaintVersionIn):
    source: str
    source_detail: str = ""


class ConversationIn(Schema):
    body: str
    direction: str = "outbound"
    channel: str = ""


class PlanIn(Schema):
    description: str
    compensation_kind: str = "none"
    compensation_fen: int = 0


class PlansIn(ComplaintVersionIn):
    plans: list[PlanIn]


class ApproveIn(ComplaintVersionIn):
    plan_id: int
    note: str = ""


class ComplaintNoteIn(ComplaintVersionIn):
    note: str


class ReasonIn(ComplaintVersionIn):
    reason: str


class FollowUpIn(ComplaintVersionIn):
    note: str
    satisfied: bool


class CloseIn(ComplaintVersionIn):
    summary: str
    evaluation: str


class RuleIn(Schema):
    text: str


class PeriodIn(Schema):
    start: date
    end: date


class ImprovementIn(Schema):
    title: str
    owner_id: int
    due_on: date
    complaint_number: str = ""
    nature: str = ""
    department_id: int | None = None


class IncidentIn(Schema):
    title: str
    kind: str
    description: str = ""


class NumbersIn(Schema):
    numbers: list[str]


class BodyIn(Schema):
    body: str


class AnnouncementIn(Schema):
    text: str


# --- out ----------------------------------------------------------------------------------


class PlanOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    id: int
    description: str
    compensation_kind: str
    compensation_label: Text = Field(..., alias="get_compensation_kind_display")
    compensation_fen: int
    status: str
    proposed_by_id: int | None
    proposed_at: datetime
    approved_by_id: int | None
    approved_at: datetime | None
    approval_note: str
    rejection_reason: str


class ComplaintMessageOut(Schema):
    id: int
    direction: str
    body: str
    channel: str
    author_id: int | None
    evidence: bool
    created_at: datetime


class ComplaintAttachmentOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    id: int
    kind: str
    name: str = Field(..., alias="original_name")
    content_type: str
    size: int
    created_at: datetime


class ComplaintDeadlineOut(Schema):
    kind: str
    due_at: datetime
    met_at: datetime | None
    breached_at: datetime | None


class ComplaintOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    number: str
    status: str
    status_label: Text = Field(..., alias="get_status_display")
    outcome: str
    customer_id: int
    customer_name: str = Field(..., alias="customer.name")
    channel: str
    source: str
    source_detail: str
    crisis: bool
    malicious: bool
    nature: str
    urgency: str
    scope: str
    priority: int
    owner_id: int | None
    team_id: int | None
    received_at: datetime
    created_at: datetime
    version: int


class ComplaintDetailOut(ComplaintOut):
    content: str
    demand: str
    contact_phone: str
    contact_email: str
    order_number: str | None = None
    ticket_number: str | None = None
    product_name: str | None = None
    escalated_at: datetime | None
    first_contacted_at: datetime | None
    valid: bool | None
    judgment_note: str
    responsible_department_id: int | None
    responsible_person_id: int | None
    investigation_due_at: datetime | None
    cause: str
    plan_version: int
    carried_out_at: datetime | None
    carried_out_note: str
    confirmed_at: datetime | None
    confirmation_method: str
    followed_up_at: datetime | None
    follow_up_note: str
    follow_up_satisfied: bool | None
    closed_at: datetime | None
    summary: str
    evaluation: str
    malicious_reason: str
    accountability_note: str | None = None
    allowed_actions: list[str] = []
    plans: list[PlanOut] = []
    messages: list[ComplaintMessageOut] = []
    attachments: list[ComplaintAttachmentOut] = []
    deadlines: list[ComplaintDeadlineOut] = []


DETAIL_FIELDS = (
    "content",
    "demand",
    "escalated_at",
    "first_contacted_at",
    "valid",
    "judgment_note",
    "responsible_department_id",
    "responsible_person_id",
    "investigation_due_at",
    "cause",
    "plan_version",
    "carried_out_at",
    "carried_out_note",
    "confirmed_at",
    "confirmation_method",
    "followed_up_at",
    "follow_up_note",
    "follow_up_satisfied",
    "closed_at",
    "summary",
    "evaluation",
    "malicious_reason",
)


def detail_data(complaint: Complaint, actor: User) -> dict[str, Any]:
    """Everything the detail schema shows of ``complaint`` to ``actor``: contacts masked, the
    accountability note only for supervisors and managers (K-07)."""
    data = ComplaintOut.model_validate(complaint).model_dump()
    data.update({name: getattr(complaint, name) for name in DETAIL_FIELDS})
    data.update(
        contact_phone=masked("phone", complaint.contact_phone),
        contact_email=masked("email", complaint.contact_email),
        order_number=complaint.order.number if complaint.order_id else None,
        ticket_number=complaint.ticket.number if complaint.ticket_id else None,
        product_name=complaint.order_item.product.name if complaint.order_item_id else None,
        accountability_note=complaint.accountability_note
        if allowed(actor, "complaint.view_accountability", complaint)
        else None,
        allowed_actions=queries.allowed_actions(actor, complaint),
        plans=[PlanOut.model_validate(p).model_dump() for p in queries.plans(complaint)],
        messages=[
            ComplaintMessageOut.model_validate(m).model_dump() for m in queries.messages(complaint)
        ],
        attachments=[
            ComplaintAttachmentOut.model_validate(a).model_dump()
            for a in queries.attachments(complaint)
        ],
        deadlines=[
            ComplaintDeadlineOut.model_validate(d).model_dump()
            for d in queries.deadlines(complaint)
        ],
    )
    return data


class ConfirmationRequestOut(Schema):
    link_id: int
    expires_at: datetime
    channel: str
    recipient: str


class RowOut(Schema):
    key: str
    label: str
    count: int
    valid: int
    closed: int


class StatisticsOut(Schema):
    start: date
    end: date
    total: int
    by_type: list[RowOut]
    by_department: list[RowOut]
    by_product: list[RowOut]
    by_month: list[RowOut]
    improvements: dict[str, int]


class ImprovementOut(Schema):
    id: int
    title: str
    nature: str
    complaint_number: str | None = None
    department_id: int | None
    owner_id: int
    due_on: date
    done_at: datetime | None
    done_note: str

    @staticmethod
    def resolve_complaint_number(obj: Any) -> str | None:
        return obj.source_label or None

    @staticmethod
    def resolve_nature(obj: Any) -> str:
        return obj.category


class IncidentOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    announcement: str
    published_at: datetime | None
    public_id: UUID
    created_at: datetime
    ticket_numbers: list[str] = []
    complaint_numbers: list[str] = []


class IncidentMessageOut(Schema):
    id: int
    body: str
    recipients: int
    created_at: datetime


class LinkedOut(Schema):
    linked: int


class RuleOut(Schema):
    key: str
    text: str
    updated_at: datetime
