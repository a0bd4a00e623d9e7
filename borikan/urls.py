from django.contrib import admin
from django.urls import include, path

from borikan.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("borikan.core.urls")),
    path("catalog/", include("borikan.catalog.urls")),
    path("contacts/", include("borikan.contacts.urls")),
    path("calls/", include("borikan.telephony.urls")),
    path("desktop/", include("borikan.interactions.urls")),
    path("admin/", admin.site.urls),
]
