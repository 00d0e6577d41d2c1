"""Routes of the ticket pages (mounted at ``/tickets/``)."""

from django.urls import path

from kefu.tickets import views

app_name = "tickets"

urlpatterns = [
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
