from django.urls import path

from borikan.surveys import views

app_name = "surveys"
urlpatterns = [
    path("counter/<int:pk>/", views.counter_tablet, name="counter"),
    path("send/<int:pk>/", views.survey_send, name="send"),
]
