"""Routes of the channels pages (mounted at ``/channels/``)."""

from django.urls import URLPattern

app_name = "channels"

urlpatterns: list[URLPattern] = []
