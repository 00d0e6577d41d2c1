"""Routes of the channels pages (mounted at ``/channels/``)."""

from django.urls import path

from kefu.channels import views

app_name = "channels"

urlpatterns = [
    path("quarantine/", views.quarantine, name="quarantine"),
    path("quarantine/<int:quarantined_id>/rerun/", views.rerun, name="rerun"),
    path("wechat/", views.wechat_endpoint, name="wechat"),
]
