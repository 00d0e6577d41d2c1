"""The channels app: inbound email and WeChat messages become tickets and replies."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "kefu.channels"
    label = "channels"
    verbose_name = "渠道接入"

    def ready(self) -> None:
        from kefu.channels.models import MailRecord, WeChatMessage
        from kefu.core.personal import register_personal

        # The sender's address and the subject name the customer (C-05).
        register_personal(MailRecord, sender="email", subject="text")
        register_personal(WeChatMessage, openid="wechat")
