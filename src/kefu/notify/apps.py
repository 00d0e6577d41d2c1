from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "kefu.notify"
    label = "notify"
    verbose_name = "通知"

    def ready(self) -> None:
        from kefu.core.personal import register_personal
        from kefu.notify.models import Message, WebhookDelivery

        # The address and the rendered text name the customer: declared once, so erasure,
        # export and log scrubbing know them (C-05).
        register_personal(
            Message, link="customer_id", recipient="text", subject="text", body="text"
        )
        register_personal(WebhookDelivery, link="event__customer_id")
