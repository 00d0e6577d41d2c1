"""The public survey link (mounted at ``/s/``): what the customer's SMS points to."""

from django.urls import path

from kefu.surveys import public_views

app_name = "survey_public"

urlpatterns = [
    path("<str:token>/", public_views.answer_page, name="answer"),
]
