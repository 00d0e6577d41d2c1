"""Routes of the catalog pages."""

from django.urls import path

from kefu.catalog import views

app_name = "catalog"

urlpatterns = [
    path("import/", views.order_import, name="import"),
]
