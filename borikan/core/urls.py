from django.contrib.auth import views as auth_views
from django.urls import path

from borikan.core import account_views, views

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
    path("account/2fa/", account_views.totp_setup, name="totp_setup"),
    path("account/2fa/verify/", account_views.totp_verify_page, name="totp_verify"),
    path("account/2fa/off/", account_views.totp_turn_off, name="totp_off"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/days-off/", views.calendar_day_off_add, name="calendar_day_off_add"),
    path(
        "calendar/days-off/<str:date>/delete/",
        views.calendar_day_off_delete,
        name="calendar_day_off_delete",
    ),
]
