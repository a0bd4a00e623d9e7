from django.urls import path

from borikan.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("rate/", views.rate, name="rate"),
    path("guides/", views.guide_list, name="guides"),
    path("guides/<str:code>/", views.guide_detail, name="guide"),
    path("guides/<str:code>/pdf/", views.guide_pdf, name="guide_pdf"),
    path("offices/", views.office_list, name="offices"),
    path("offices/<str:code>/", views.office_detail, name="office"),
    path("offices/<str:code>/pdf/", views.office_pdf, name="office_pdf"),
    path("offices/<str:code>/embed/", views.office_embed, name="embed"),
    path("offices/<str:code>/snippet/", views.office_snippet, name="snippet"),
    path("offices/<str:code>/snippet.html", views.office_snippet_raw, name="snippet_raw"),
]
