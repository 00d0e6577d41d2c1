from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "kefu.tickets"
    label = "tickets"
    verbose_name = "售后工单"

    def ready(self) -> None:
        from kefu.core.personal import register_personal
        from kefu.tickets import models as m

        # How each ticket record is found from its customer, and its free texts (C-05).
        via = "ticket__customer_id"
        register_personal(
            m.Ticket,
            link="customer_id",
            search_kind="ticket",
            description="text",
            demand="text",
            resolution="text",
            satisfaction_note="text",
        )
        register_personal(m.TicketMessage, link=via, body="text")
        register_personal(m.Attachment, link=via, file="file", original_name="text")
        register_personal(m.Solution, link=via, note="text")
        register_personal(m.Escalation, link=via, reason="text", answer="text")
        register_personal(m.Delay, link=via, reason="text", compensation_note="text")
