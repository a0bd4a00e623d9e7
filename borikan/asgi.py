"""ASGI entry point: HTTP (pages, API) and websockets in one process (uvicorn)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borikan.settings")

import django
from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

# What django.core.asgi.get_asgi_application() does, with Borikan's handler (one thread hop
# per request instead of one per middleware hook; see borikan.core.asgi).
django.setup(set_prefix=False)

from borikan.core.asgi import SyncChainASGIHandler  # noqa: E402

django_asgi_app = SyncChainASGIHandler()

from borikan.telephony.routing import websocket_urlpatterns as telephony_ws  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Sockets use the staff session; the origin must be one of ALLOWED_HOSTS.
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter([*telephony_ws]))),
    }
)
