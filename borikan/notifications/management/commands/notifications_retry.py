"""`borikan notifications-retry`: queues the e-mails and SMS whose retry is due."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from borikan.notifications.services import messages_retry_due


class Command(BaseCommand):
    help = (
        "Queue delivery of pending e-mails and SMS whose next attempt is due (once, or every "
        "--every seconds). Run it beside `borikan worker` so retries survive restarts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--every", type=float, default=0, help="Repeat every so many seconds (0: run once)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every: float = options["every"]
        while True:
            queued = messages_retry_due()
            if queued or not every:
                self.stdout.write(f"{queued} message(s) queued for delivery.")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
