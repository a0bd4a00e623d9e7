"""Django's ASGI handler with each HTTP request's middleware and view run in one worker thread,
and worker threads reused from request to request."""

from __future__ import annotations

import asyncio
import contextvars
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

# Idle request threads kept; more concurrent requests than this start threads of their own.
# Like a WSGI server's threads, each may hold a database connection between requests (for
# CONN_MAX_AGE; SQLite's go back to its pool), so this also bounds those.
IDLE_THREADS = 16

# Set while a request's view runs in its thread: a request whose view was abandoned (the client
# went away and Django cancelled the wait) leaves its thread busy, and that thread is not reused.
_view_running: contextvars.ContextVar[list[bool]] = contextvars.ContextVar("view_running")


class SyncChainASGIHandler(ASGIHandler):
    """Runs the whole middleware chain and the view synchronously, as under WSGI, in one hop
    to the request's worker thread, and reuses that thread for later requests.

    Every middleware and view of Borikan's HTTP side is synchronous. Django's own async chain
    calls each `MiddlewareMixin` hook through `sync_to_async` (process_request, process_view,
    process_response), so one request hopped between the event loop and its thread about 30
    times; and each request started a thread of its own, and another to join it. Together
    that cost more CPU than a simple view. Websockets do not come here.

    Django keeps database connections per thread, so a reused thread keeps its connection
    object from one request to the next, as a WSGI server's threads do: it is closed, or kept
    for CONN_MAX_AGE, by Django at the start and end of each request as usual."""

    def __init__(self) -> None:
        super().__init__()
        # Idle request threads with the event loop they served (one per server process; tests
        # run several loops, and a thread is not carried from one to another).
        self._idle: list[tuple[asyncio.AbstractEventLoop, ThreadPoolExecutor]] = []

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        # One thread per request at a time, as with Django's ThreadSensitiveContext(), but taken
        # from the idle ones: the request's thread-sensitive calls (signals, view, closing)
        # all run on it.
        loop = asyncio.get_running_loop()
        executor = self._idle_executor(loop) or ThreadPoolExecutor(max_workers=1)
        running = [False]
        token = _view_running.set(running)
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            _view_running.reset(token)
            if running[0] or len(self._idle) >= IDLE_THREADS:
                executor.shutdown(wait=False)  # the thread ends when its work does
            else:
                self._idle.append((loop, executor))

    def _idle_executor(self, loop: asyncio.AbstractEventLoop) -> ThreadPoolExecutor | None:
        while self._idle:
            served, executor = self._idle.pop()
            if served is loop:
                return executor
            executor.shutdown(wait=False)
        return None

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        running = _view_running.get([False])
        running[0] = True
        response = await sync_to_async(self.get_response, thread_sensitive=True)(request)
        running[0] = False
        return response
