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
        register_categories(Origin.COMPLAINTS, Nature)
        register_panel(
            Panel("complaints", "complaints/_customer_panel.html", customer_panel, order=30)
        )
