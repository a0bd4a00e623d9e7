from django.urls import path

from borikan.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.appointment_list, name="calendar"),
    path("new/", views.appointment_new, name="new"),
    path("hours/", views.officer_hours_page, name="hours"),
    path("week/", views.officer_week_page, name="week"),
    path("day/", views.office_day_page, name="day"),
    path("feed/<str:token>.ics", views.officer_feed, name="feed"),
    path("<str:reference>/", views.appointment_detail, name="detail"),
    path("<str:reference>/act/", views.appointment_act, name="act"),
]
