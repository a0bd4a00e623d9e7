"""Ticket numbers stay unique and gapless when two OS processes open cases at the same moment.

Each process is a real `borikan.settings` process on a real database: the suite's PostgreSQL
test database when it runs on PostgreSQL, otherwise a migrated SQLite file (the suite's SQLite
database lives in memory, out of other processes' reach).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from borikan.cases.numbering import format_number, year_be

ROOT = Path(__file__).resolve().parents[2]
PER_PROCESS = 50
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# On PostgreSQL the processes use the test database, so its rows must be committed.
pytestmark = [pytest.mark.django_db(transaction=True)] if ON_POSTGRES else []

# Connects and imports everything first, says it is ready, waits for the barrier file, then opens
# its cases as fast as it can, each for a new citizen given by phone, as an integration would.
OPENER = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.db import connection
from borikan.cases.services import case_open
connection.ensure_connection()
barrier, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
(barrier.parent / f"ready-{name}").touch()
deadline = time.monotonic() + 30
while not barrier.exists():
    if time.monotonic() > deadline:
        sys.exit("no barrier")
    time.sleep(0.001)
numbers, started = [], time.time()
for i in range(count):
    opened = case_open(
        by=None,
        actor_repr=f"process-{name}",
        kind="complaint",
        subject=f"ทดสอบพร้อมกัน {name} {i}",
        description="เปิดเรื่องพร้อมกันจากสองโปรเซส",
        origin="api",
        phone=f"08{name}-555-{i:04d}",
        contact_fields={"first_name_th": "ทดสอบ", "last_name_th": f"โปรเซส{name}"},
    )
    numbers.append(opened.case.number)
print(json.dumps({"numbers": numbers, "started": started, "finished": time.time()}))
"""

STORED = """
import json
import django
django.setup()
from borikan.cases.models import Case, TicketCounter
print(json.dumps({
    "numbers": sorted(Case.objects.values_list("number", flat=True)),
    "counters": dict(TicketCounter.objects.values_list("year_be", "last")),
}))
"""


def _python(code: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _database_url(request: pytest.FixtureRequest, tmp_path: Path, env: dict[str, str]) -> str:
    """The URL both processes share, with the organisation and the catalogue loaded."""
    if ON_POSTGRES:
        request.getfixturevalue("reference_data")  # reloaded after the last test's flush
        from django.db import connection

        db = connection.settings_dict
        user = quote(db["USER"] or "", safe="")
        password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
        host = quote(db["HOST"] or "localhost", safe="")  # a socket directory too
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgresql://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    _python(
        "import sys; from borikan.cli import main; main(sys.argv[1:])",
        {**env, "DATABASE_URL": url},
        "migrate",
        "--noinput",
        "-v0",
    )
    return url


def test_two_processes_opening_at_once_get_unique_consecutive_numbers(request, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "BORIKAN_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = _database_url(request, tmp_path, env)
    barrier = tmp_path / "go"
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-c", OPENER, str(barrier), name, str(PER_PROCESS)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("2", "3")  # also their phones' prefixes: 082-… and 083-…
    }
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready-{name}").exists() for name in processes):
            crashed = [p for p in processes.values() if p.poll() is not None]
            assert not crashed, crashed[0].communicate()[1]
            assert time.monotonic() < deadline, "the processes never got ready"
            time.sleep(0.01)
        barrier.touch()
        outputs = {name: p.communicate(timeout=90) for name, p in processes.items()}
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    for name, (_out, err) in outputs.items():
        assert processes[name].returncode == 0, err
    runs = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs.values()]
    # They really ran at the same time: each started before the other finished.
    assert max(r["started"] for r in runs) < min(r["finished"] for r in runs)

    year = year_be()
    expected = [format_number(year, n) for n in range(1, 2 * PER_PROCESS + 1)]
    every = sorted(runs[0]["numbers"] + runs[1]["numbers"])
    assert len(every) == 2 * PER_PROCESS
    assert len(set(every)) == len(every)
    assert every == expected
    stored = json.loads(_python(STORED, env).strip().splitlines()[-1])
    assert stored["numbers"] == expected
    assert stored["counters"] == {str(year): 2 * PER_PROCESS}
