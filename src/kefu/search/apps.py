"""The search app: one index of documents that higher apps fill, and one ``search`` function."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kefu.search"
    label = "search"
    verbose_name = "搜索"
