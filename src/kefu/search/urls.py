"""Routes of the search page (mounted at ``/search/``)."""

from django.urls import path

from kefu.search import views

app_name = "search"

urlpatterns = [path("", views.search_page, name="index")]
