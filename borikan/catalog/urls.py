from django.urls import path

from borikan.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog_list, name="list"),
    path("<str:code>/", views.catalog_detail, name="detail"),
]
