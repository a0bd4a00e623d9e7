"""`borikan ami --host --port --username --secret`: the Asterisk AMI bridge, run until stopped."""

from __future__ import annotations

import asyncio
import signal
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from borikan.telephony.ami import AmiBridge


class Command(BaseCommand):
    help = "Bridge an Asterisk manager interface (AMI) into Borikan's call log and screen pop."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=5038)
        parser.add_argument("--username", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--reconnect-seconds", type=float, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        asyncio.run(self._run(options))

    async def _run(self, options: dict[str, Any]) -> None:
        bridge = AmiBridge(
            host=options["host"],
            port=options["port"],
            username=options["username"],
            secret=options["secret"],
            reconnect_seconds=options["reconnect_seconds"],
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        self.stdout.write(f"AMI bridge: {options['host']}:{options['port']} (Ctrl+C stops)")
        await bridge.start()
        await stop.wait()
        bridge.stop()
