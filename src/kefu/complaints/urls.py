"""Routes of the complaint pages (mounted at ``/complaints/``); fixed paths before numbers."""

from django.urls import path

from kefu.complaints.views import complaints, public, reports

app_name = "complaints"

urlpatterns = [
    path("", complaints.complaint_list, name="list"),
    path("new/", complaints.complaint_new, name="new"),
    path("tone/", complaints.tone_check, name="tone"),
    path("files/<int:attachment_id>/", complaints.attachment_download, name="attachment"),
    path("statistics/", reports.statistics, name="statistics"),
    path("statistics/export/", reports.export, name="export"),
    path("improvements/new/", reports.improvement_new, name="improvement_new"),
    path("improvements/<int:action_id>/done/", reports.improvement_done, name="improvement_done"),
    path("rules/malicious/", reports.handling_rule, name="rule"),
    path("incidents/", reports.incident_list, name="incidents"),
    path("incidents/<int:incident_id>/", reports.incident_detail, name="incident"),
    path(
        "incidents/<int:incident_id>/<slug:action>/",
        reports.incident_action,
        name="incident_action",
    ),
    # Public, no login: the customer's confirmation link and incident announcements.
    path("confirm/<str:token>/", public.confirm, name="confirm"),
    path("notices/<str:public_id>/", public.announcement, name="notice"),
    path("<str:number>/", complaints.complaint_detail, name="detail"),
    path("<str:number>/do/<slug:action>/", complaints.complaint_action, name="action"),
]
