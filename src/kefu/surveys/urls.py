"""Routes of the survey pages for staff (mounted at ``/surveys/``)."""

from django.urls import path, re_path

from kefu.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.report_page, name="report"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", views.report_export, name="export"),
    path("phone/", views.phone_queue, name="phone_queue"),
    path("<int:survey_id>/phone/", views.phone_entry, name="phone_entry"),
    path("follow-ups/<int:follow_up_id>/close/", views.follow_up_close, name="follow_up_close"),
    path("improvements/new/", views.improvement_new, name="improvement_new"),
    path("improvements/<int:action_id>/done/", views.improvement_done, name="improvement_done"),
]
