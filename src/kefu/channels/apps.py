"""The channels app: inbound email and WeChat messages become tickets and replies."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "kefu.channels"
    label = "channels"
    verbose_name = "渠道接入"

    def ready(self) -> None:
        from kefu.channels.models import MailRecord, QuarantinedEmail, WeChatMessage
        from kefu.core.personal import register_personal

        # The sender's address and the subject name the customer (C-05).
        via = "ticket__customer_id"
        register_personal(MailRecord, link=via, sender="email", subject="text")
        register_personal(WeChatMessage, link=via, openid="wechat")
        register_personal(QuarantinedEmail, link="record__ticket__customer_id", error="text")
