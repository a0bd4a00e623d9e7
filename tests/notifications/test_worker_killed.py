"""A worker killed while it sends an e-mail loses nothing: the retry sweep takes the message
back once its claim is stale, another worker sends it, and the citizen gets it once.

Everything runs in real processes: `borikan worker` (killed with SIGKILL in the middle of the
SMTP conversation), `borikan notifications-retry`, and a real SMTP server on loopback that
stalls on the first message's data."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.cases.test_concurrency import ON_POSTGRES, ROOT, _database_url, _python
from tests.smtp import free_port

pytestmark = [pytest.mark.django_db(transaction=True)] if ON_POSTGRES else []

QUEUE = """
import django
django.setup()
from borikan.notifications.services import message_queue
message = message_queue(
    channel="email", recipient="somchai@example.com", subject="เรื่องร้องเรียนของท่าน",
    body="ได้รับเรื่องแล้ว", dedupe_key="killed-worker-test",
)
print(message.pk)
"""

STATE = """
import json, sys
import django
django.setup()
from borikan.notifications.models import Message
m = Message.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"status": m.status, "attempts": m.attempts}))
"""

AGE_CLAIM = """
import datetime as dt, sys
import django
django.setup()
from django.utils import timezone
from borikan.notifications.models import Message
Message.objects.filter(pk=int(sys.argv[1])).update(
    sending_since=timezone.now() - dt.timedelta(minutes=11)
)
"""


class StallFirst:
    """Accepts messages, except that it holds the first one's data without answering."""

    def __init__(self) -> None:
        self.stalled = threading.Event()
        self.accepted: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(120)  # the client dies long before this
        self.accepted.append(envelope)
        return "250 Message accepted for delivery"


def _worker(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; from borikan.cli import main; main(sys.argv[1:])",
         "worker", "--queue-name", "*", "--interval", "0.2", "--no-startup-delay"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _state(env: dict[str, str], message_id: str) -> dict:
    return json.loads(_python(STATE, env, message_id).strip().splitlines()[-1])


def test_a_worker_killed_mid_send_loses_nothing_and_the_mail_arrives_once(request, tmp_path):
    handler = StallFirst()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "BORIKAN_VAR_DIR": str(tmp_path),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "300",
    }
    env.pop("REDIS_URL", None)
    env.pop("TASKS_BACKEND", None)
    workers: list[subprocess.Popen[str]] = []
    try:
        env["DATABASE_URL"] = _database_url(request, tmp_path, env)
        message_id = _python(QUEUE, env).strip().splitlines()[-1]

        workers.append(_worker(env))
        assert handler.stalled.wait(60), workers[0].stderr.read() if workers[0].poll() else ""
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(10)
        assert _state(env, message_id) == {"status": "sending", "attempts": 1}
        assert handler.accepted == []

        # A fresh claim is left alone (its worker may still be sending) …
        _python("import sys; from borikan.cli import main; main(sys.argv[1:])", env,
                "notifications-retry")  # fmt: skip
        assert _state(env, message_id)["status"] == "sending"
        # … a stale one is taken back and sent by the next worker.
        _python(AGE_CLAIM, env, message_id)
        _python("import sys; from borikan.cli import main; main(sys.argv[1:])", env,
                "notifications-retry")  # fmt: skip
        workers.append(_worker(env))
        deadline = time.monotonic() + 60
        while _state(env, message_id)["status"] != "sent":
            assert time.monotonic() < deadline, "the message was never sent"
            assert workers[1].poll() is None, workers[1].stderr.read()
            time.sleep(0.5)
        time.sleep(1)  # any second copy would have arrived by now
        assert len(handler.accepted) == 1
        assert handler.accepted[0].rcpt_tos == ["somchai@example.com"]
        assert _state(env, message_id) == {"status": "sent", "attempts": 2}
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        controller.stop()
