"""HTTP through the real ASGI application: the middleware and the view run synchronously in one
thread hop, and still do everything they do under Django's own handler."""

from __future__ import annotations

import threading

import httpx
import pytest
from asgiref.sync import iscoroutinefunction

from borikan.asgi import django_asgi_app


def test_the_middleware_chain_is_built_synchronous():
    assert not iscoroutinefunction(django_asgi_app._middleware_chain)


@pytest.mark.asyncio
async def test_a_request_gets_every_middlewares_headers_and_one_worker_thread(monkeypatch):
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
    assert len(threads) == 2 and threading.get_ident() not in threads
