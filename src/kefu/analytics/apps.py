"""The analytics app: service dashboard, customer, product and campaign analysis (Y-*)."""

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "kefu.analytics"
    label = "analytics"
    verbose_name = "数据分析"
