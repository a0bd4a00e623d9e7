from django.contrib import admin
from django.urls import include, path

from borikan.api.api import api
from borikan.appointments import public_views as appointment_views
from borikan.cases import views as case_views
from borikan.knowledge import views as knowledge_views
from borikan.surveys import views as survey_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("open311/v2/", include("borikan.api.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("borikan.core.urls")),
    path("catalog/", include("borikan.catalog.urls")),
    path("contacts/", include("borikan.contacts.urls")),
    path("calls/", include("borikan.telephony.urls")),
    path("desktop/", include("borikan.interactions.urls")),
    path("cases/", include("borikan.cases.urls")),
    path("kb/", include("borikan.knowledge.urls")),
    path("b/<str:token>/", knowledge_views.basket_public, name="basket_public"),
    path("track/", case_views.track, name="track"),
    path("complaint/", case_views.public_new, name="complaint"),
    path("appointments/", include("borikan.appointments.urls")),
    path("chat/", include("borikan.chat.urls")),
    path("appointment/", appointment_views.public_new, name="appointment_request"),
    path("appointment/c/<str:token>/", appointment_views.citizen_page, name="appointment_citizen"),
    path("privacy/", include("borikan.privacy.urls")),
    path("surveys/", include("borikan.surveys.urls")),
    path("survey/<str:token>/", survey_views.survey_public, name="survey"),
    path("reports/", include("borikan.reports.urls")),
    path("portal/", include("borikan.portal.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "borikan.core.views.server_error"
