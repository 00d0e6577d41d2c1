"""The complaints app: the complaint workflow (K-01..K-11) and incidents (A-11)."""

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "kefu.complaints"
    label = "complaints"
    verbose_name = "投诉"

    def ready(self) -> None:
        from kefu.complaints.models import Complaint, Nature
        from kefu.complaints.views.complaints import customer_panel
        from kefu.core.personal import register_personal
        from kefu.customers.timeline import Panel, register_panel
        from kefu.quality.models import Origin, register_categories

        register_personal(Complaint, contact_phone="phone", contact_email="email")
        register_erasure()
        register_categories(Origin.COMPLAINTS, Nature)
        register_panel(
            Panel("complaints", "complaints/_customer_panel.html", customer_panel, order=30)
        )


def register_erasure() -> None:
    """How each complaint record is found from its customer, and its free texts (C-05)."""
    from kefu.complaints import models as m
    from kefu.core.personal import register_personal

    texts = dict.fromkeys(
        (
            *("content", "demand", "source_detail", "judgment_note", "cause"),
            *("carried_out_note", "confirmation_note", "follow_up_note", "summary"),
            *("evaluation", "accountability_note", "malicious_reason"),
        ),
        "text",
    )
    via = "complaint__customer_id"
    register_personal(m.Complaint, link="customer_id", **texts)
    register_personal(m.ComplaintMessage, link=via, body="text")
    register_personal(m.ComplaintAttachment, link=via, file="file", original_name="text")
    register_personal(
        m.Plan, link=via, description="text", approval_note="text", rejection_reason="text"
    )
    register_personal(m.ConfirmationLink, link=via, reason="text")
    register_personal(m.IncidentComplaint, link=via)
    register_personal(m.IncidentTicket, link="ticket__customer_id")
