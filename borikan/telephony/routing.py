from django.urls import path

from borikan.telephony.consumers import DesktopConsumer

websocket_urlpatterns = [path("ws/desktop/", DesktopConsumer.as_asgi())]
