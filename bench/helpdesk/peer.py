"""django-helpdesk in its own virtual environment: installed from the package index, a minimal
project (bench/helpdesk/project) copied beside it, migrated, seeded, served by uvicorn."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import ROOT, free_port

HELPDESK_VAR = ROOT / "var" / "helpdesk"
VENV = HELPDESK_VAR / "venv"
PROJECT = HELPDESK_VAR / "project"
SOURCE = Path(__file__).resolve().parent / "project"
# What the benchmark installs: django-helpdesk at the version compared, and a server for it.
REQUIREMENTS = ["django-helpdesk==2.6.1", "Django>=5.2,<5.3", "uvicorn==0.54.0"]


def _python() -> Path:
    return VENV / "bin" / "python"


def database(tickets: int) -> Path:
    """One database per size: a run of another size never mixes with this one's tickets."""
    return HELPDESK_VAR / f"helpdesk-{tickets}.sqlite3"


def env(tickets: int) -> dict[str, str]:
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV")
        },
        "DJANGO_SETTINGS_MODULE": "hdproject.settings",
        "HELPDESK_DB": str(database(tickets)),
        "PYTHONPATH": str(PROJECT),
    }


def _run(args: list[str], tickets: int, stdin: Any = None) -> str:
    done = subprocess.run(
        [str(_python()), *args],
        cwd=PROJECT,
        env=env(tickets),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"helpdesk {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return str(done.stdout)


def install() -> str:
    """The venv and the project; returns the installed django-helpdesk version."""
    if not _python().exists():
        print("  creating var/helpdesk/venv …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    stamp = VENV / ".bench-requirements"
    if not stamp.exists() or stamp.read_text() != "\n".join(REQUIREMENTS):
        print(f"  pip install {' '.join(REQUIREMENTS)} …", file=sys.stderr)
        subprocess.run(
            [str(_python()), "-m", "pip", "install", "--quiet", *REQUIREMENTS], check=True
        )
        stamp.write_text("\n".join(REQUIREMENTS))
    shutil.copytree(SOURCE, PROJECT, dirs_exist_ok=True)
    check = "import importlib.metadata as m; print(m.version('django-helpdesk'))"
    done = subprocess.run([str(_python()), "-c", check], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def prepare(tickets: int, rows: Iterable[dict[str, Any]] | None) -> dict[str, Any]:
    """Migrates, seeds up to `tickets` (rows: the bench cases from the one already there on,
    None when none are missing) and returns the staff user, queues and tickets to track."""
    print("  migrating the helpdesk database …", file=sys.stderr)
    _run(["-m", "django", "migrate", "--noinput", "-v0"], tickets)
    if rows is not None:
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        _run(["prepare.py", "seed"], tickets, stdin=lines)
    return dict(json.loads(_run(["prepare.py", "info"], tickets).strip().splitlines()[-1]))


def seeded(tickets: int) -> int:
    if not database(tickets).exists():
        return 0
    _run(["-m", "django", "migrate", "--noinput", "-v0"], tickets)
    return int(_run(["prepare.py", "count"], tickets).strip())


@contextmanager
def served(tickets: int) -> Iterator[str]:
    """django-helpdesk under uvicorn (one process), as bench.common.served runs Borikan."""
    port = free_port()
    log = (HELPDESK_VAR / "server.log").open("w")
    process = subprocess.Popen(
        [str(_python()), "-m", "uvicorn", "hdproject.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--lifespan", "off", "--log-level", "warning", "--no-access-log"],
        cwd=PROJECT, env=env(tickets), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("helpdesk's uvicorn did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
