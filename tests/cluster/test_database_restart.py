"""PostgreSQL restarted under a running app process: while it is down, requests fail cleanly
with 503 (Thai and English, Retry-After; the API in its error format) and nothing is half-saved;
once it is back, the same process serves again by itself.

The server is a PostgreSQL of the test's own (initdb in a temporary folder), since the machine's
cannot be stopped under other users."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.cluster.conftest import ROOT, borikan, python
from tests.smtp import free_port

SETUP = """
import json
import django
django.setup()
from borikan.api.services import api_token_create
_a, api = api_token_create(name="restart", scopes=["cases"])
print(json.dumps({"api": api}))
"""


class OwnPostgres:
    def __init__(self) -> None:
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not binaries or not shutil.which("runuser") or os.geteuid() != 0:
            pytest.skip("needs root, runuser and the PostgreSQL server binaries")
        self.bin = Path(binaries[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="borikan-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.port = free_port()

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def init(self) -> None:
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-A", "trust",
            "-U", "postgres", "-E", "UTF8",
        )  # fmt: skip

    def start(self) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-w", "-l",
            str(self.dir / "log"), "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                          "-w", "stop")  # fmt: skip

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.remove()


def test_requests_fail_cleanly_while_postgresql_restarts_and_recover_by_themselves(
    own_postgres, tmp_path
):
    url = f"postgresql://postgres@127.0.0.1:{own_postgres.port}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as pg:
        pg.execute("CREATE DATABASE borikan")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "DATABASE_URL": f"{url}/borikan",
        "BORIKAN_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "DB_POOL_TIMEOUT": "3",  # how long a request waits for a connection before its 503
    }
    env.pop("REDIS_URL", None)
    borikan(env, "migrate", "--noinput", "-v0")
    token = json.loads(python(env, SETUP))["api"]
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "borikan.asgi:application", "--port", str(port),
         "--lifespan", "off", "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    case = {"kind": "complaint", "subject": "ราคาไข่ไก่แพง", "description": "ขายเกินป้าย",
            "phone": "0812223333", "first_name_th": "มานะ", "last_name_th": "อดทน"}  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert app.poll() is None, app.stderr.read() if app.stderr else ""
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.2)
        with httpx.Client(base_url=base, headers=headers, timeout=20) as client:
            assert client.post("/api/v1/cases", json=case).status_code == 201

            own_postgres.stop()
            down = client.post("/api/v1/cases", json=case)
            assert down.status_code == 503, down.text
            assert down.headers["Retry-After"] == "5"
            error = down.json()["error"]
            assert error["code"] == "unavailable" and "ฐานข้อมูล" in error["message"]
            assert "database" in error["message_en"]
            page = client.get("/cases/", headers={"Cookie": "sessionid=" + "a" * 32})
            assert page.status_code == 503 and "ฐานข้อมูล" in page.text
            assert "database" in page.text
            health = client.get("/healthz")
            assert health.status_code == 503 and health.json()["database"]["ok"] is False

            own_postgres.start()
            deadline = time.monotonic() + 20
            while (again := client.post("/api/v1/cases", json=case)).status_code != 201:
                assert again.status_code == 503, again.text
                assert time.monotonic() < deadline, "the app did not recover"
                time.sleep(0.5)
        assert app.poll() is None  # the same process, never restarted
    finally:
        app.terminate()
        app.wait(10)
    with psycopg.connect(f"{url}/borikan") as db:
        numbers = [row[0] for row in db.execute("SELECT number FROM cases_case ORDER BY id")]
    assert len(numbers) == 2 == len(set(numbers))  # the refused one left nothing behind
