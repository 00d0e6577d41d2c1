"""Routes of the presales pages (mounted at ``/presales/``)."""

from django.urls import URLPattern

app_name = "presales"

urlpatterns: list[URLPattern] = []
