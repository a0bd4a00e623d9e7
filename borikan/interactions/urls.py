from django.urls import path

from borikan.interactions import views

app_name = "interactions"
urlpatterns = [
    path("", views.desktop, name="desktop"),
    path("log/", views.interaction_create, name="create"),
    path("history/", views.interaction_list, name="list"),
    path("pick/", views.contact_pick, name="contact_pick"),
]
