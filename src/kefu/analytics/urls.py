"""Routes of the analytics pages (mounted at ``/analytics/``)."""

from django.urls import URLPattern

app_name = "analytics"

urlpatterns: list[URLPattern] = []
