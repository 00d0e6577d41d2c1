"""The retention app: care touches, repurchase reminders, consent, outbound campaigns (R-*)."""

from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "kefu.retention"
    label = "retention"
    verbose_name = "客户维系"
