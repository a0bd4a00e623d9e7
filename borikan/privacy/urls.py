from django.urls import path

from borikan.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.home, name="home"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/export.json", views.request_export, name="request_export"),
    path("requests/<int:pk>/erase/", views.request_erase, name="request_erase"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("breaches/new/", views.breach_new, name="breach_new"),
    path("breaches/<int:pk>/", views.breach_update, name="breach_update"),
    path("ropa/", views.ropa, name="ropa"),
    path("audit/", views.audit, name="audit"),
]
