"""Routes of the callback pages (mounted at ``/callbacks/``)."""

from django.urls import path, re_path

from kefu.callbacks import views

app_name = "callbacks"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("rest-hours/", views.rest_hours_page, name="rest_hours"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    re_path(
        r"^(?P<campaign_id>\d+)/(?P<action>start|add_customers|finish|archive)/$",
        views.campaign_action,
        name="action",
    ),
    path("<int:campaign_id>/report/", views.report_page, name="report"),
    path("<int:campaign_id>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("calls/<int:task_id>/", views.call_page, name="call"),
    path("calls/<int:task_id>/scripts/", views.call_scripts, name="call_scripts"),
    path("calls/<int:task_id>/schedule/", views.call_schedule, name="call_schedule"),
]
