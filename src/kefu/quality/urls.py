"""Routes of the quality pages (mounted at ``/quality/``)."""

from django.urls import path

from kefu.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("export.xlsx", views.report_export, name="export"),
    path("scores/<int:score_id>/override/", views.override, name="override"),
]
