"""Chromium through Playwright: Debian's `chromium` package, never a downloaded browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Module scope: Playwright's sync API keeps an event loop running while it is open, which
# the asyncio tests of other modules must not inherit.
@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium package is not installed (.ci/run installs it).")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):  # type: ignore[no-untyped-def]
    context = chromium_browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser):  # type: ignore[no-untyped-def]
    context = chromium_browser.new_context(
        locale="th-TH", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def asgi_server(reference_data):  # type: ignore[no-untyped-def]
    """Borikan's ASGI app (pages, API and websockets) under uvicorn in a background thread,
    sharing the test database; yields its base URL."""
    from tests.servers import uvicorn_in_thread

    with uvicorn_in_thread() as port:
        yield f"http://127.0.0.1:{port}"


def browser_login(page, base_url: str, username: str, password: str = "pass-1203-word") -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base_url}/")


# A real SMTP server on loopback, for the tests that follow an e-mail to its arrival.
from tests.smtp import smtp_port, smtp_server, smtp_settings  # noqa: E402, F401
