"""Routes of the notification pages."""

from django.urls import path

from kefu.notify import views

app_name = "notify"

urlpatterns = [
    path("failed/", views.failed, name="failed"),
    path("<int:message_id>/retry/", views.retry, name="retry"),
]
