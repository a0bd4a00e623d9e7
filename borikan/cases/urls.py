from django.urls import path

from borikan.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("dispatch/", views.case_dispatch_chosen, name="dispatch_chosen"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/act/", views.case_action, name="act"),
    path("<str:number>/files/", views.case_file_add, name="file_add"),
    path("<str:number>/files/<int:pk>/", views.case_file, name="file"),
]
