"""The production layout on one machine, for `make test-cluster`: `borikan cluster` with two app
processes and two workers on a fresh PostgreSQL database and a Redis server of the tests' own
(so that it can be restarted), and a real SMTP server on loopback.

Skipped in `make test` (set BORIKAN_CLUSTER_TESTS=1; `make test-cluster` does)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.smtp import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
ENABLED = os.environ.get("BORIKAN_CLUSTER_TESTS") == "1"
collect_ignore_glob = [] if ENABLED else ["test_*.py"]

PG_SERVER = os.environ.get("CLUSTER_PG", "postgresql://postgres@127.0.0.1:5432")
DB_NAME = "borikan_cluster_test"

SETUP = """
import json
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from borikan.api.services import api_token_create
from borikan.core.models import Office, Role, User
from borikan.telephony.services import cti_token_create

agent = User.objects.create_user(
    username="cluster-agent", password="pass-1203-word", role=Role.AGENT,
    office=Office.objects.get(code="MOC"), extension="1001", first_name="วิภา", last_name="ขยัน",
)
session = SessionStore()
session[SESSION_KEY] = str(agent.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = agent.get_session_auth_hash()
session.save()
_t, cti = cti_token_create(name="cluster-pbx")
_a, api = api_token_create(name="cluster-load", scopes=["cases"])
print(json.dumps({"session": session.session_key, "cti": cti, "api": api}))
"""


def borikan(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "borikan.cli", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def python(env: dict[str, str], code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


class RedisServer:
    """A redis-server of the tests' own, on a free port, that a test may stop and start."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@dataclass
class Cluster:
    env: dict[str, str]
    web: list[str]
    workers: list[int]
    smtp: SmtpServer
    redis: RedisServer
    secrets: dict[str, str]
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def db(self) -> psycopg.Connection[Any]:
        return psycopg.connect(f"{PG_SERVER}/{DB_NAME}", autocommit=True)

    def python(self, code: str, *args: str) -> str:
        return python(self.env, code, *args)


def _recreate_database() -> None:
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{DB_NAME}"')


def _read_ready(process: subprocess.Popen[str], lines: list[str]) -> dict[str, Any]:
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    for line in process.stdout:
        lines.append(line)
        if line.startswith("CLUSTER_READY "):
            return json.loads(line.removeprefix("CLUSTER_READY "))
        assert time.monotonic() < deadline, "the cluster did not start"
    raise AssertionError("borikan cluster exited: " + "".join(lines))


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is needed for the cluster tests: {exc}")
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed for the cluster tests (Debian: redis-server)")
    tmp = tmp_path_factory.mktemp("cluster")
    _recreate_database()
    redis_server = RedisServer(tmp)
    redis_server.start()
    smtp = SmtpServer(free_port())
    smtp.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        "REDIS_URL": redis_server.url,
        "BORIKAN_VAR_DIR": str(tmp),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "DEBUG": "0",
    }
    env.pop("TASKS_BACKEND", None)
    borikan(env, "migrate", "--noinput", "-v0")
    secrets = json.loads(python(env, SETUP))
    process = subprocess.Popen(
        [sys.executable, "-m", "borikan.cli", "cluster", "--web", "2", "--workers", "2",
         "--port", "0"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    try:
        ready = _read_ready(process, lines)
        yield Cluster(
            env=env,
            web=[w["url"] for w in ready["web"]],
            workers=[w["pid"] for w in ready["workers"]],
            smtp=smtp,
            redis=redis_server,
            secrets=secrets,
            process=process,
            lines=lines,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        smtp.stop()
        redis_server.stop()
