"""`borikan worker`: runs queued tasks (django-tasks-db) and reports itself alive for /healthz."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from borikan.core.models import WorkerHeartbeat
from borikan.core.periodic import periodic_run_due

log = logging.getLogger("borikan.worker")

HEARTBEAT_SECONDS = 15


class Command(DbWorkerCommand):
    help = "Run the background worker: e-mail, SMS, escalations, reminders, reports."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options.get("worker_id") or ""
        stop = threading.Event()
        beat = threading.Thread(
            target=self._heartbeat, args=(worker_id, stop), daemon=True, name="borikan-heartbeat"
        )
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            WorkerHeartbeat.objects.filter(worker_id=worker_id[:64]).delete()

    @staticmethod
    def _heartbeat(worker_id: str, stop: threading.Event) -> None:
        started = timezone.now()
        while True:
            try:
                beat(worker_id=worker_id, started=started)
                periodic_run_due()
            except Exception:  # a missed beat must never stop the worker
                log.exception("heartbeat or periodic jobs failed")
            finally:
                close_old_connections()
            if stop.wait(HEARTBEAT_SECONDS):
                return


def beat(*, worker_id: str, started: dt.datetime) -> None:
    """Records that this worker is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id[:64],
        defaults={
            "hostname": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started,
            "seen_at": timezone.now(),
        },
    )
