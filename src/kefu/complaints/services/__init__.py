"""Every write of the complaints app: ``verb_object(*, actor, ...)``, one transaction each.

Each service checks the actor's permission on the complaint first (403, nothing written),
then the version the user read (409 ``stale_version``), then the state table (409
``illegal_transition``), then its input (422); it writes the change, its audit line and its
events together. Implements K-01..K-11 and A-11.
"""

from kefu.complaints.services.closing import (
    close_complaint,
    follow_up_complaint,
    note_accountability,
)
from kefu.complaints.services.confirmation import (
    ConfirmationSent,
    accept_by_link,
    link_for_token,
    record_consent,
    record_rejection,
    reject_by_link,
    request_confirmation,
)
from kefu.complaints.services.evidence import add_complaint_attachment
from kefu.complaints.services.handling import (
    accept_complaint,
    assign_complaint,
    classify_complaint,
    contact_complainant,
    dismiss_complaint,
    escalate_complaint,
    record_conversation,
    record_findings,
    start_investigation,
)
from kefu.complaints.services.improvements import (
    NewImprovement,
    complete_improvement_action,
    create_improvement_action,
)
from kefu.complaints.services.incidents import (
    affected_customer_ids,
    create_incident,
    link_complaints,
    link_tickets,
    message_affected_customers,
    publish_announcement,
)
from kefu.complaints.services.intake import (
    NewComplaint,
    convert_ticket_to_complaint,
    register_complaint,
)
from kefu.complaints.services.malicious import (
    clear_malicious,
    close_malicious,
    flag_malicious,
    handling_rule,
    save_handling_rule,
)
from kefu.complaints.services.plans import (
    PlanDraft,
    approve_plan,
    approved_plan,
    carry_out_plan,
    propose_plans,
    send_back_plans,
)

__all__ = [
    "ConfirmationSent",
    "NewComplaint",
    "NewImprovement",
    "PlanDraft",
    "accept_by_link",
    "accept_complaint",
    "add_complaint_attachment",
    "affected_customer_ids",
    "approve_plan",
    "approved_plan",
    "assign_complaint",
    "carry_out_plan",
    "classify_complaint",
    "clear_malicious",
    "close_complaint",
    "close_malicious",
    "complete_improvement_action",
    "contact_complainant",
    "convert_ticket_to_complaint",
    "create_improvement_action",
    "create_incident",
    "dismiss_complaint",
    "escalate_complaint",
    "flag_malicious",
    "follow_up_complaint",
    "handling_rule",
    "link_complaints",
    "link_for_token",
    "link_tickets",
    "message_affected_customers",
    "note_accountability",
    "propose_plans",
    "publish_announcement",
    "record_consent",
    "record_conversation",
    "record_findings",
    "record_rejection",
    "register_complaint",
    "reject_by_link",
    "request_confirmation",
    "save_handling_rule",
    "send_back_plans",
    "start_investigation",
]
