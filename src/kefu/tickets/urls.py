"""Routes of the ticket pages (mounted at ``/tickets/``)."""

from django.urls import path

from kefu.tickets import views

app_name = "tickets"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new_ticket, name="new"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/take/", views.take, name="take"),
    path("<str:number>/tone/", views.tone_check, name="tone"),
    path("<str:number>/do/<slug:action>/", views.act, name="act"),
]
