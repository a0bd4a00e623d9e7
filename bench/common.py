"""What every benchmark shares: Django set-up on its own database, percentiles, progress."""

from __future__ import annotations

import logging
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Both may be moved (the suite's quick check keeps its data and results apart from the real ones).
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results")
BENCH_VAR = Path(os.environ.get("BENCH_VAR") or ROOT / "var" / "bench")


def database_url() -> str:
    """The benchmark database: never the development one. BENCH_DATABASE_URL overrides it."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_VAR / 'bench.sqlite3'}"


def ensure_database(url: str) -> None:
    """A benchmark's own PostgreSQL database, made when it is missing (SQLite makes its file)."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def django_setup() -> None:
    url = database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borikan.settings")
    os.environ.setdefault("BORIKAN_VAR_DIR", str(BENCH_VAR))
    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    if not ordered:
        return {"count": 0}

    def at(fraction: float) -> float:
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
        return round(ordered[index], 3)

    return {
        "count": len(ordered),
        "mean_ms": round(statistics.fmean(ordered), 3),
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1], 3),
    }


class Progress:
    """A one-line progress bar on stderr: `label  [#####.....]  52 %  520/1000`."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self._shown = -1.0
        self._started = time.monotonic()

    def advance(self, by: int = 1) -> None:
        self.done += by
        if not sys.stderr.isatty():  # a log file: a line at every tenth, not a carriage-return bar
            step = max(self.total // 10, 1)
            if self.done // step != (self.done - by) // step or self.done >= self.total:
                sys.stderr.write(f"  {self.label}: {self.done:,}/{self.total:,}\n")
            return
        now = time.monotonic()
        if now - self._shown >= 0.25 or self.done >= self.total:
            self._shown = now
            filled = int(30 * self.done / self.total)
            sys.stderr.write(
                f"\r  {self.label:<34} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{100 * self.done // self.total:3d} %  {self.done:,}/{self.total:,}"
            )
            sys.stderr.flush()

    def finish(self) -> None:
        elapsed = time.monotonic() - self._started
        if not sys.stderr.isatty():
            sys.stderr.write(f"  {self.label}: done in {elapsed:.1f} s\n")
            return
        self.done = self.total - 1
        self.advance()
        sys.stderr.write(f"  ({elapsed:.1f} s)\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served() -> Iterator[str]:
    """Borikan's ASGI app under uvicorn in its own process, on the benchmark database."""
    with served_process() as (base, _process):
        yield base


def process_cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) a process has used so far; None where /proc is not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, fields 14 and 15 of the whole line, in clock ticks
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def served_process() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As `served()`, with the server's process (to read the CPU time it used)."""
    port = free_port()
    log = (BENCH_VAR / "server.log").open("w")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "borikan.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def cpu_calibration_ms() -> float:
    """Milliseconds this machine takes for a fixed piece of pure-Python work (best of five):
    stored with each result, so runs on machines of different speed can be compared."""
    import json

    def work() -> None:
        table = {f"key-{i}": [i, str(i), i * 0.5] for i in range(20_000)}
        json.loads(json.dumps(table))
        sorted(table, key=lambda key: key[::-1])

    times = []
    for _ in range(5):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return round(min(times), 1)
