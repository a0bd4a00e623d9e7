from django.urls import path, re_path

from borikan.api.open311 import views

app_name = "open311"

F = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("", views.not_found, name="root"),
    re_path(r"^discovery" + F, views.discovery, name="discovery"),
    re_path(r"^services" + F, views.services, name="services"),
    re_path(r"^services/(?P<code>[^/]{1,40}?)" + F, views.service_detail, name="service"),
    re_path(r"^requests" + F, views.requests, name="requests"),
    re_path(r"^requests/(?P<number>[^/]{1,40}?)" + F, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[^/]{1,120}?)" + F, views.token_detail, name="token"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
