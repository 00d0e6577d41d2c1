"""Routes of the knowledge pages."""

from django.urls import path

from kefu.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
]
