"""The complaints app: the complaint workflow (K-01..K-11) and incidents for mass problems (A-11)."""

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "kefu.complaints"
    label = "complaints"
    verbose_name = "投诉"

    def ready(self) -> None:
        from kefu.complaints.models import Complaint
        from kefu.core.personal import register_personal

        register_personal(Complaint, contact_phone="phone", contact_email="email")
