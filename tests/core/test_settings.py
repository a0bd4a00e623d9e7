import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from borikan.core.management.commands.worker import beat

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("from_url", [False, True], ids=["default", "DATABASE_URL=sqlite"])
def test_sqlite_uses_wal_and_immediate_transactions(tmp_path, from_url):
    """The real settings (not the test ones) open SQLite in WAL mode with IMMEDIATE writes,
    whether it is the default database or one named by DATABASE_URL."""
    env = {
        **os.environ,
        "BORIKAN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
    }
    env.pop("DATABASE_URL", None)
    if from_url:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'borikan.sqlite3'}"
    code = (
        "import django, json; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); mode = c.fetchone()[0];"
        "print(json.dumps({'mode': mode, 'tx': connection.transaction_mode,"
        " 'path': str(connection.settings_dict['NAME'])}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"mode": "wal", "tx": "IMMEDIATE", "path": str(tmp_path / "borikan.sqlite3")}
    assert (tmp_path / "secret_key").exists()


@pytest.mark.django_db
def test_postgresql_connections_never_compile_queries_to_machine_code():
    """JIT compilation would cost more than the queries it is for (see settings)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_healthz_sees_a_worker_heartbeat(client):
    from django.utils import timezone

    beat(worker_id="test-worker", started=timezone.now())
    health = client.get("/healthz").json()
    assert health["worker"]["ok"] is True
    assert health["worker"]["workers"] == 1
    assert health["status"] == "ok"
