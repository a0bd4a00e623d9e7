"""`borikan cluster`: the production layout on one machine — several ASGI app processes and
several workers on the configured database and Redis — supervised until Ctrl+C."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from argparse import ArgumentParser
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

READY_TIMEOUT_SECONDS = 60
# A child that dies is started again, but not more often than this (a crash loop would spin).
RESTART_PAUSE_SECONDS = 2.0


@dataclass
class Child:
    name: str
    command: list[str]
    url: str = ""
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    started_at: float = field(default=0.0)

    def start(self) -> None:
        self.process = subprocess.Popen(self.command)
        self.started_at = time.monotonic()

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0


def _ports(host: str, first: int, count: int) -> list[int]:
    if first:
        return [first + n for n in range(count)]
    ports = []
    for _ in range(count):
        with socket.socket() as sock:
            sock.bind((host, 0))
            ports.append(int(sock.getsockname()[1]))
    return ports


class Command(BaseCommand):
    help = (
        "Run several app processes and workers on the configured PostgreSQL and Redis, as in "
        "production, restarting any that dies. Ctrl+C stops them all."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--web", type=int, default=2, help="App processes (default 2).")
        parser.add_argument("--workers", type=int, default=2, help="Workers (default 2).")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--port",
            type=int,
            default=8001,
            help="First app port; the next ones follow. 0: any free ports.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.REDIS_URL:
            raise CommandError(
                "REDIS_URL is not set: without Redis, websockets (screen pop, chat) cannot cross "
                "from one app process to another. Set REDIS_URL=redis://127.0.0.1:6379/0."
            )
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            self.stderr.write(
                "Warning: the database is SQLite; production runs on PostgreSQL (DATABASE_URL)."
            )
        host = options["host"]
        ports = _ports(host, options["port"], options["web"])
        bin_dir = sys.executable.rsplit("/", 1)[0]
        children = [
            Child(
                name=f"web{n + 1}",
                command=[
                    f"{bin_dir}/uvicorn", "borikan.asgi:application", "--host", host,
                    "--port", str(ports[n]), "--lifespan", "off", "--ws", "websockets",
                    "--log-level", "warning", "--timeout-keep-alive", "15",
                ],
                url=f"http://{host}:{ports[n]}",
            )
            for n in range(options["web"])
        ] + [
            Child(
                name=f"worker{n + 1}",
                command=[
                    sys.executable, "-m", "borikan.cli", "worker", "--queue-name", "*",
                    "--worker-id", f"cluster-worker{n + 1}",
                ],
            )
            for n in range(options["workers"])
        ]  # fmt: skip
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for child in children:
            child.start()
        try:
            self._wait_ready([c for c in children if c.url])
            self._announce(children)
            while not stopping:
                for child in children:
                    if child.process and child.process.poll() is not None and not stopping:
                        if time.monotonic() - child.started_at < RESTART_PAUSE_SECONDS:
                            continue
                        self.stderr.write(
                            f"{child.name} (pid {child.pid}) exited with "
                            f"{child.process.returncode}; starting it again."
                        )
                        child.restarts += 1
                        child.start()
                        self.stdout.write(json.dumps({"restarted": child.name, "pid": child.pid}))
                        self.stdout.flush()
                time.sleep(0.2)
        finally:
            self._stop_all(children)

    def _wait_ready(self, web: list[Child]) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        for child in web:
            while True:
                try:
                    with urllib.request.urlopen(f"{child.url}/healthz", timeout=2):
                        break
                except urllib.error.HTTPError:  # it answers (503 until a worker has beaten)
                    break
                except OSError:
                    if child.process and child.process.poll() is not None:
                        raise CommandError(f"{child.name} exited at start") from None
                    if time.monotonic() > deadline:
                        raise CommandError(f"{child.name} did not answer at {child.url}") from None
                    time.sleep(0.2)

    def _announce(self, children: list[Child]) -> None:
        self.stdout.write("")
        self.stdout.write("  Borikan cluster is running:")
        for child in children:
            where = child.url or "worker"
            self.stdout.write(f"    {child.name:<9} pid {child.pid:<8} {where}")
        self.stdout.write("  Ctrl+C stops them all.")
        # One machine-readable line for scripts and the cluster tests.
        ready = {
            "web": [{"name": c.name, "url": c.url, "pid": c.pid} for c in children if c.url],
            "workers": [{"name": c.name, "pid": c.pid} for c in children if not c.url],
        }
        self.stdout.write("CLUSTER_READY " + json.dumps(ready))
        self.stdout.flush()

    @staticmethod
    def _stop_all(children: list[Child]) -> None:
        for child in children:
            if child.process and child.process.poll() is None:
                child.process.terminate()
        deadline = time.monotonic() + 10
        for child in children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
