"""Routes of the customer pages."""

from django.urls import path

from kefu.customers import import_views, manage_views, views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_new, name="new"),
    path("<int:customer_id>/", views.customer_detail, name="detail"),
    path("<int:customer_id>/edit/", views.customer_edit, name="edit"),
    path("<int:customer_id>/timeline/", views.customer_timeline, name="timeline"),
    path("<int:customer_id>/notes/", views.customer_note, name="note"),
    path("<int:customer_id>/reveal/<str:field>/", views.customer_reveal, name="reveal"),
    path("<int:customer_id>/contact/", manage_views.customer_contact, name="contact"),
    path("<int:customer_id>/export.<str:fmt>", manage_views.customer_export, name="export"),
    path("<int:customer_id>/erase/", manage_views.customer_erase, name="erase"),
    path("imports/", import_views.import_page, name="imports"),
    path("imports/<int:run_id>/", import_views.import_run, name="import_run"),
    path("imports/<int:run_id>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:run_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("distribute/", manage_views.distribute_page, name="distribute"),
    path("agents/<int:agent_id>/reassign/", manage_views.reassign_agent, name="reassign_agent"),
]
