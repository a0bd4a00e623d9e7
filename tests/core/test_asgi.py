"""HTTP through the real ASGI application: the middleware and the view run synchronously in one
thread hop, on a thread reused by later requests, and still do everything they do under
Django's own handler."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from asgiref.sync import iscoroutinefunction

from borikan.asgi import django_asgi_app
from borikan.core.asgi import SyncChainASGIHandler


def test_the_middleware_chain_is_built_synchronous():
    assert not iscoroutinefunction(django_asgi_app._middleware_chain)


@pytest.mark.asyncio
async def test_requests_get_every_middlewares_headers_on_one_reused_thread(monkeypatch):
    threads: list[int] = []
    chain = django_asgi_app._middleware_chain

    def recording(request):
        threads.append(threading.get_ident())
        return chain(request)

    monkeypatch.setattr(django_asgi_app, "_middleware_chain", recording)
    transport = httpx.ASGITransport(app=django_asgi_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
        schema = await http.get("/api/v1/openapi.json")
        missing = await http.get("/no-such-page/")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "Borikan API"
    assert schema.headers["x-frame-options"] == "DENY"  # XFrameOptionsMiddleware
    assert schema.headers["x-content-type-options"] == "nosniff"  # SecurityMiddleware
    assert "Accept-Language" in schema.headers["vary"]  # LocaleMiddleware
    assert missing.status_code == 404
    # One after the other: the second request ran on the first one's thread, not the loop's.
    assert len(threads) == 2 and threads[0] == threads[1] != threading.get_ident()


@pytest.mark.asyncio
async def test_the_thread_of_a_request_whose_client_went_away_is_not_reused(monkeypatch):
    """Django stops waiting for the view when the client disconnects; whether the view has
    finished by then depends on asgiref, so that thread is let go rather than reused."""
    handler = SyncChainASGIHandler()
    entered = threading.Event()
    chain = handler._middleware_chain

    def slow(request):
        entered.set()
        threading.Event().wait(0.3)
        return chain(request)

    monkeypatch.setattr(handler, "_middleware_chain", slow)
    messages = iter([{"type": "http.request", "body": b""}, {"type": "http.disconnect"}])

    async def receive():
        message = next(messages)
        if message["type"] == "http.disconnect":
            await asyncio.to_thread(entered.wait, 5)  # the client leaves while the view runs
        return message

    async def send(message):
        pass

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/openapi.json",
        "query_string": b"",
        "headers": [(b"host", b"localhost")],
    }
    await handler(scope, receive, send)
    assert handler._idle == []


@pytest.mark.asyncio
async def test_a_thread_that_served_another_event_loop_is_not_reused():
    """Each thread keeps its own database connections (as Django does), so one that served
    another loop (another server in the same process, as in the browser tests) is let go."""
    handler = SyncChainASGIHandler()
    other_loop = asyncio.new_event_loop()
    stale = ThreadPoolExecutor(max_workers=1)
    handler._idle.append((other_loop, stale))
    transport = httpx.ASGITransport(app=handler)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
        assert (await http.get("/api/v1/openapi.json")).status_code == 200
    assert stale._shutdown
    [(loop, executor)] = handler._idle
    assert loop is asyncio.get_running_loop() and executor is not stale
    other_loop.close()
