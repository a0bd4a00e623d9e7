"""ASGI entry point: HTTP (pages, API) and websockets in one process (uvicorn)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borikan.settings")

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from borikan.telephony.routing import websocket_urlpatterns as telephony_ws  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Sockets use the staff session; the origin must be one of ALLOWED_HOSTS.
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter([*telephony_ws]))),
    }
)
