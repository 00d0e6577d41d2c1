"""Routes of the retention pages (mounted at ``/retention/``), the public unsubscribe page too."""

from django.urls import path, re_path

from kefu.retention import outbound_views, views

app_name = "retention"

urlpatterns = [
    path("", views.index, name="index"),
    path("rules/new/", views.rule_form, name="rule_new"),
    path("rules/<int:rule_id>/", views.rule_form, name="rule_edit"),
    path("cap/", views.contact_cap, name="cap"),
    path("customers/<int:customer_id>/consent/", views.consent_page, name="consent"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("campaigns/new/", outbound_views.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_id>/", outbound_views.campaign_detail, name="campaign"),
    re_path(
        r"^campaigns/(?P<campaign_id>\d+)/(?P<action>start|finish|archive)/$",
        outbound_views.campaign_action,
        name="campaign_action",
    ),
    path("campaigns/<int:campaign_id>/monitor/", outbound_views.monitor, name="monitor"),
    path("campaigns/<int:campaign_id>/report/", outbound_views.report_page, name="report"),
    path("campaigns/<int:campaign_id>/report.xlsx", outbound_views.report_xlsx, name="report_xlsx"),
    path("leads/<int:lead_id>/", outbound_views.lead_call, name="call"),
]
