"""The callbacks app: callback campaigns, calls and their records, summary reports (V-*)."""

from django.apps import AppConfig


class CallbacksConfig(AppConfig):
    name = "kefu.callbacks"
    label = "callbacks"
    verbose_name = "回访"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kefu.callbacks.models import CallbackRecord, CallbackTask
        from kefu.core.personal import register_personal
        from kefu.customers.timeline import register_timeline_label

        register_personal(
            CallbackRecord,
            link="task__customer_id",
            notes="text",
            suggestions="text",
            to_improve="text",
            follow_up_note="text",
        )
        register_personal(CallbackTask, link="customer_id")
        register_timeline_label("callback.recorded", _("Callback recorded"))
