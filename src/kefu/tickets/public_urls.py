"""Routes of the public after-sales form (mounted at ``/support/``, no login)."""

from django.urls import path

from kefu.tickets import views

app_name = "support"

urlpatterns = [
    path("", views.public_form, name="form"),
    path("thanks/", views.public_thanks, name="thanks"),
]
