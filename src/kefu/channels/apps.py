"""The channels app: inbound email and WeChat messages become tickets and replies."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "kefu.channels"
    label = "channels"
    verbose_name = "渠道接入"
