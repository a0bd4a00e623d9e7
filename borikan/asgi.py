"""ASGI entry point: HTTP (pages, API) and websockets in one process (uvicorn)."""

import os
from typing import Any

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

from borikan.chat.routing import VISITOR_PATH, staff_websocket_urlpatterns, visitor_app  # noqa: E402
from borikan.telephony.routing import websocket_urlpatterns as telephony_ws  # noqa: E402

# Staff sockets use the staff session; the origin must be one of ALLOWED_HOSTS.
staff_websockets = AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter([*telephony_ws, *staff_websocket_urlpatterns]))
)


async def websockets(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The chat widget's visitors come from the ministry's websites, not Borikan's hosts, and
    carry no session: their socket checks its own origins (CHAT_ALLOWED_ORIGINS)."""
    if scope["path"] == VISITOR_PATH:
        await visitor_app(scope, receive, send)
    else:
        await staff_websockets(scope, receive, send)


application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websockets})
