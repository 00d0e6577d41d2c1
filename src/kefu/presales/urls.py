"""Routes of the presales pages (mounted at ``/presales/``)."""

from django.urls import path

from kefu.presales import views

app_name = "presales"

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("inquiries/", views.inquiry_list, name="inquiries"),
    path("inquiries/new/", views.inquiry_new, name="inquiry_new"),
    path("inquiries/<int:inquiry_id>/", views.inquiry_detail, name="inquiry"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead"),
    path("leads/<int:lead_id>/<str:step>/", views.lead_step, name="lead_step"),
    path("report/", views.report, name="report"),
    path("export.<str:fmt>", views.export, name="export"),
]
