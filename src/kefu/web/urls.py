"""Routes of the web pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from kefu.web import views
from kefu.web.forms import LoginForm

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:year>/", views.calendar, name="calendar_year"),
    path("calendar/<int:year>/days/", views.calendar_day_set, name="calendar_day_set"),
    path("calendar/<int:year>/days/remove/", views.calendar_day_remove, name="calendar_day_remove"),
    path("calendar/<int:year>/declare/", views.calendar_year_declare, name="calendar_declare"),
    path("calendar/<int:year>/import/", views.calendar_import, name="calendar_import"),
    path("calendar/<int:year>/hours/", views.calendar_hours, name="calendar_hours"),
    path("policies/", views.policies, name="policies"),
    path("policies/<str:key>/edit/", views.policy_edit, name="policy_edit"),
]
