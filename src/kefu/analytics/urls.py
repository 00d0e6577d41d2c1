"""Routes of the analytics pages (mounted at ``/analytics/``)."""

from django.urls import path

from kefu.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.report_page, {"name": "service"}, name="service"),
    path("customers/", views.report_page, {"name": "customers"}, name="customers"),
    path("products/", views.report_page, {"name": "products"}, name="products"),
    path(
        "<slug:name>/export.<slug:fmt>",
        views.report_export,
        name="export",
    ),
    path("tickets/", views.tickets, name="tickets"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:campaign_id>/", views.campaign_effect, name="campaign"),
    path(
        "campaigns/<int:campaign_id>/export.<slug:fmt>",
        views.campaign_export,
        name="campaign_export",
    ),
]
