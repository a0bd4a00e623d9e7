from __future__ import annotations

from collections.abc import Iterator

import pytest

from borikan.notifications.sms import MemoryBackend

# The loopback SMTP server's fixtures, shared with other test packages.
from tests.smtp import smtp_port, smtp_server, smtp_server_later, smtp_settings  # noqa: F401


@pytest.fixture(autouse=True)
def sms_outbox(settings) -> Iterator[list]:
    settings.SMS_BACKEND = "borikan.notifications.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()
