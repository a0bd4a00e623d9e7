from django.urls import path, re_path

from borikan.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("records/<slug:kind>/", views.records_view, name="records"),
    re_path(r"^export/(?P<name>[a-z-]+)\.(?P<fmt>csv|xlsx)$", views.export_view, name="export"),
    path("pdf/", views.pdf_view, name="pdf"),
]
