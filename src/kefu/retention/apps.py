"""The retention app: care touches, repurchase reminders, consent, outbound campaigns (R-*)."""

from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "kefu.retention"
    label = "retention"
    verbose_name = "客户维系"

    def ready(self) -> None:
        from kefu.core.personal import register_personal
        from kefu.customers.timeline import register_timeline_label
        from kefu.retention.handlers import TIMELINE_LABELS
        from kefu.retention.models import ConsentRecord, Lead, LeadCall, Touch

        register_personal(ConsentRecord, link="customer_id")
        register_personal(Lead, link="customer_id")
        register_personal(LeadCall, link="lead__customer_id", notes="text")
        register_personal(Touch, link="customer_id", context="text")
        for name, label in TIMELINE_LABELS.items():
            register_timeline_label(name, label)
