from __future__ import annotations

import pytest

# The loopback SMTP server's fixtures, shared with other test packages.
from tests.smtp import smtp_port, smtp_server, smtp_server_later, smtp_settings  # noqa: F401


@pytest.fixture(autouse=True)
def _every_sms_kept(sms_outbox) -> list:
    """Every notifications test keeps its SMS in memory."""
    return sms_outbox
