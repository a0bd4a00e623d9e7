"""Django's ASGI handler with each HTTP request's middleware and view run in one worker thread."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class SyncChainASGIHandler(ASGIHandler):
    """Runs the whole middleware chain and the view synchronously, as under WSGI, in one hop
    to the request's worker thread.

    Every middleware and view of Borikan's HTTP side is synchronous. Django's own async chain
    calls each `MiddlewareMixin` hook through `sync_to_async` (process_request, process_view,
    process_response), so one request hopped between the event loop and its thread about 30
    times, and those hops cost more CPU than a simple view. Websockets do not come here."""

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # thread_sensitive: the same per-request thread as the request signals, so the request
        # keeps one database connection.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
