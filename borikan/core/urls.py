from django.contrib.auth import views as auth_views
from django.urls import path

from borikan.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/days-off/", views.calendar_day_off_add, name="calendar_day_off_add"),
    path(
        "calendar/days-off/<str:date>/delete/",
        views.calendar_day_off_delete,
        name="calendar_day_off_delete",
    ),
]
