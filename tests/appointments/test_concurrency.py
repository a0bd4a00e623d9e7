"""No double booking when two OS processes book the same times at the same moment: for every
slot exactly one wins, whether they race for the same officer or (two agencies' officers) for
the same office's video room. The database decides (a unique constraint on the claimed time),
on SQLite (IMMEDIATE transactions) and on PostgreSQL alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.cases.test_concurrency import ON_POSTGRES, ROOT, _database_url, _python

pytestmark = [pytest.mark.django_db(transaction=True)] if ON_POSTGRES else []

SETUP = """
import datetime as dt, importlib, json
import django
django.setup()
from django.apps import apps
from django.utils import timezone
from borikan.appointments.services import window_add
from borikan.core.calendar import working_days_add
from borikan.core.models import Agency, Office, User
importlib.import_module("borikan.appointments.migrations.0002_topics_and_rooms").load(apps, None)
for code in ("DIP", "DBD"):
    officer = User.objects.create(
        username=f"officer-{code.lower()}", role="officer", agency=Agency.objects.get(code=code),
        email=f"officer@{code.lower()}.example",
    )
    for weekday in range(5):
        window_add(by=officer, officer=officer, weekday=weekday, start=dt.time(9), end=dt.time(12))
User.objects.create(username="pco", role="provincial", office=Office.objects.get(code="PCO-CMI"))
first = working_days_add(start=timezone.localdate(), days=3).end
second = working_days_add(start=first, days=1).end
print(json.dumps([first.isoformat(), second.isoformat()]))
"""

# Ready, barrier, then every slot in the same order as the other process, as fast as it can.
BOOKER = """
import datetime as dt, json, sys, time
from pathlib import Path
from zoneinfo import ZoneInfo
import django
django.setup()
from django.db import connection
from borikan.appointments.models import Topic
from borikan.appointments.services import appointment_book
from borikan.core.errors import DomainError
from borikan.core.models import User
connection.ensure_connection()
barrier, name, days = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
staff = User.objects.get(username="pco")
topics = {t.code: t for t in Topic.objects.all()}
bkk = ZoneInfo("Asia/Bangkok")
slots = [
    dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9, 0), tzinfo=bkk)
    + dt.timedelta(minutes=30 * i)
    for day in days for i in range(6)
]
(barrier.parent / f"ready-{name}").touch()
deadline = time.monotonic() + 30
while not barrier.exists():
    if time.monotonic() > deadline:
        sys.exit("no barrier")
    time.sleep(0.001)
results, started = [], time.time()
for i, start in enumerate(slots):
    # Process 3 races for the DIP officer on even slots and, with a DBD officer, for the
    # office's only video room on odd ones.
    topic = "company" if name == "3" and i % 2 else "trademark"
    try:
        a = appointment_book(
            by=staff, first_name="ทดสอบ", last_name=f"โปรเซส{name}",
            phone=f"08{name}-555-{i:04d}", email=f"p{name}-{i}@example.com",
            topic=topics[topic], topic_detail="จองพร้อมกัน", starts_at=start,
        )
        results.append([start.isoformat(), "booked", a.reference])
    except DomainError as exc:
        results.append([start.isoformat(), exc.code, ""])
print(json.dumps({"results": results, "started": started, "finished": time.time()}))
"""

STORED = """
import json
import django
django.setup()
from borikan.appointments.models import Appointment, SlotClaim
print(json.dumps({
    "appointments": sorted(
        a.starts_at.isoformat() for a in Appointment.objects.all()
    ),
    "claims": SlotClaim.objects.count(),
}))
"""


def test_two_processes_booking_the_same_times_get_one_winner_each(request, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "BORIKAN_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = _database_url(request, tmp_path, env)
    days = _python(SETUP, env).strip().splitlines()[-1]
    barrier = tmp_path / "go"
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-c", BOOKER, str(barrier), name, days],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("2", "3")
    }
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready-{name}").exists() for name in processes):
            crashed = [p for p in processes.values() if p.poll() is not None]
            assert not crashed, crashed[0].communicate()[1]
            assert time.monotonic() < deadline, "the processes never got ready"
            time.sleep(0.01)
        barrier.touch()
        outputs = {name: p.communicate(timeout=120) for name, p in processes.items()}
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    for name, (_out, err) in outputs.items():
        assert processes[name].returncode == 0, err
    runs = {name: json.loads(out.strip().splitlines()[-1]) for name, (out, _e) in outputs.items()}
    assert max(r["started"] for r in runs.values()) < min(r["finished"] for r in runs.values())

    slots = [row[0] for row in runs["2"]["results"]]
    assert len(slots) == 12
    for index, slot in enumerate(slots):
        outcomes = [runs[name]["results"][index] for name in ("2", "3")]
        assert [o[0] for o in outcomes] == [slot, slot]
        winners = [o for o in outcomes if o[1] == "booked"]
        assert len(winners) == 1, (slot, outcomes)
        [loser] = [o for o in outcomes if o[1] != "booked"]
        # The loser is told the time was just taken (409), never an error of the server.
        assert loser[1] == ("room_taken" if index % 2 else "slot_taken"), (slot, outcomes)
    stored = json.loads(_python(STORED, env).strip().splitlines()[-1])
    assert len(stored["appointments"]) == len(set(stored["appointments"])) == 12
    assert stored["claims"] == 12 * 4  # two grains each, for the officer and the room
