"""Borikan's ASGI app (pages, API, websockets) under a real uvicorn in a background thread,
sharing the test database: for the browser tests and the websocket tests."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def uvicorn_in_thread() -> Iterator[int]:
    """Serves until the block ends; yields the port."""
    import uvicorn

    from borikan.asgi import application

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", log_level="warning",
        ws="websockets",
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=5)
