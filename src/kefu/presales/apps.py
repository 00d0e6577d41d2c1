"""The presales app: inquiries, leads, needs analysis, recommendations, objections (S-*)."""

from django.apps import AppConfig


class PresalesConfig(AppConfig):
    name = "kefu.presales"
    label = "presales"
    verbose_name = "售前"
