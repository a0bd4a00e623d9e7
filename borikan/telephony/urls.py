from django.urls import path

from borikan.telephony import views

app_name = "telephony"
urlpatterns = [
    path("", views.call_list, name="calls"),
    path("caller/", views.caller_save, name="caller_save"),
    path("<int:pk>/called-back/", views.call_called_back, name="called_back"),
]
