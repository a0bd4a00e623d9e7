"""`make load`: a 200-seat call center against the production layout for 60 s.

Starts `borikan cluster` (two app processes, two workers) on a fresh PostgreSQL database and the
machine's Redis, then runs a bounded load client on loopback: every seat takes calls one after
another — the phone system's CTI events (ringing, answered, hung up), a knowledge-base search or
two, the interaction logged, a case opened for one call in ten — while citizens look up their
cases on the tracking API. A real center's calls last minutes; here a call cycle lasts a few
seconds, so the rate is many times a real 200-seat center's.

    python -m bench.load                       # 200 seats, 60 s
    python -m bench.load --seats 50 --seconds 10

Writes bench/results/load-<date>.json: requests, error rate, p50/p95/p99 per endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

import httpx

from bench.common import RESULTS, ROOT, cpu_calibration_ms, percentiles

PG_SERVER = os.environ.get("LOAD_PG", "postgresql://postgres@127.0.0.1:5432")
DB_NAME = "borikan_load"
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/2")
SEARCHES = ["จดทะเบียนบริษัท", "ราคาสินค้า", "เครื่องหมายการค้า", "ร้องเรียน", "ส่งออกข้าว",
            "หนังสือรับรอง", "ปุ๋ยแพง", "ชั่งตวงวัด"]  # fmt: skip

SETUP = """
import json, sys
import django
django.setup()
from django.db import transaction
from borikan.api.services import api_token_create
from borikan.cases.services import case_open
from borikan.core.models import Office, Role, User
from borikan.telephony.services import cti_token_create

seats = int(sys.argv[1])
office = Office.objects.get(code="MOC")
with transaction.atomic():
    User.objects.bulk_create(
        [User(username=f"seat{i:03d}", role=Role.AGENT, office=office, extension=str(3000 + i),
              first_name="พนักงาน", last_name=f"ที่{i}") for i in range(seats)],
        ignore_conflicts=True,
    )
_t, cti = cti_token_create(name="load-pbx")
_a, api = api_token_create(name="load-seats", scopes=["cases", "interactions", "kb"])
tracked = []
for i in range(50):
    opened = case_open(
        by=None, actor_repr="load", kind="complaint", subject=f"ติดตามเรื่อง {i}",
        description="ทดสอบการติดตาม", origin="web", phone=f"0899{i:06d}",
        contact_fields={"first_name_th": "ผู้ติดตาม", "last_name_th": str(i)}, submit=True,
    )
    tracked.append([opened.case.number, f"0899{i:06d}"[-4:]])
print(json.dumps({"cti": cti, "api": api, "tracked": tracked}))
"""


def _env() -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "BORIKAN_VAR_DIR": str(ROOT / "var" / "load"),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("TASKS_BACKEND", None)
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args[:3])}\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(seats: int) -> tuple[dict[str, str], dict[str, Any]]:
    import psycopg
    import redis

    (ROOT / "var" / "load").mkdir(parents=True, exist_ok=True)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{DB_NAME}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = _env()
    print("  migrating a fresh PostgreSQL database …", file=sys.stderr)
    _run(env, "-m", "borikan.cli", "migrate", "--noinput", "-v0")
    print("  demo data (knowledge base, catalogue, contacts) …", file=sys.stderr)
    _run(env, "-m", "borikan.cli", "demo")
    print(f"  {seats} seats, tokens, 50 cases to track …", file=sys.stderr)
    secrets = json.loads(_run(env, "-c", SETUP, str(seats)).strip().splitlines()[-1])
    return env, secrets


class Recorder:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    async def call(
        self, name: str, client: httpx.AsyncClient, method: str, url: str, **kwargs: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self.errors[name].append(f"{type(exc).__name__}: {exc}"[:200])
            return None
        self.samples[name].append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            self.errors[name].append(f"{response.status_code}: {response.text[:200]}")
        return response


async def seat(
    index: int, clients: list[httpx.AsyncClient], secrets: dict[str, Any], stop: float,
    rec: Recorder, rng: random.Random,
) -> int:  # fmt: skip
    cti = f"/api/v1/cti/{secrets['cti']}"
    auth = {"Authorization": f"Bearer {secrets['api']}"}
    calls = 0
    await asyncio.sleep(rng.uniform(0, 3))  # seats do not all start on the same second
    while time.monotonic() < stop:
        client = clients[calls % len(clients)]
        call_id = f"load-{index}-{calls}"
        caller = f"08{rng.randrange(10**8):08d}"
        await rec.call(
            "cti newCall",
            client,
            "POST",
            cti,
            json={"event": "newCall", "callId": call_id, "from": caller, "to": "1203"},
        )
        await asyncio.sleep(rng.uniform(0.2, 1.0))  # rings
        await rec.call("cti answer", client, "POST", cti,
                       json={"event": "answer", "callId": call_id,
                             "answeringNumber": str(3000 + index)})  # fmt: skip
        for _ in range(rng.choice((1, 1, 2))):
            await rec.call("kb search", client, "GET", "/api/v1/kb/search",
                           params={"q": rng.choice(SEARCHES)}, headers=auth)  # fmt: skip
        await asyncio.sleep(rng.uniform(0.5, 2.0))  # talks
        await rec.call("interaction log", client, "POST", "/api/v1/interactions", headers=auth,
                       json={"channel": "phone", "service": "S1", "subject": "สอบถามข้อมูล",
                             "call_id": call_id, "staff": f"seat{index:03d}"})  # fmt: skip
        if rng.random() < 0.1:
            await rec.call("case open", client, "POST", "/api/v1/cases", headers=auth,
                           json={"kind": "complaint", "subject": "ร้องเรียนราคาสินค้า",
                                 "description": "ร้านค้าขายเกินราคา", "phone": caller,
                                 "first_name_th": "ผู้ร้อง", "last_name_th": "ทดสอบ"})  # fmt: skip
        await rec.call(
            "cti hangup",
            client,
            "POST",
            cti,
            json={"event": "hangup", "callId": call_id, "cause": "normalClearing"},
        )
        calls += 1
        await asyncio.sleep(rng.uniform(1.0, 3.0))  # wrap-up before the next call
    return calls


async def citizen(
    index: int, clients: list[httpx.AsyncClient], secrets: dict[str, Any], stop: float,
    rec: Recorder, rng: random.Random,
) -> None:  # fmt: skip
    # Each citizen comes from an address of its own, as nginx would forward it.
    headers = {"X-Forwarded-For": f"10.{index // 250}.{index % 250}.{rng.randrange(1, 250)}"}
    while time.monotonic() < stop:
        number, last4 = rng.choice(secrets["tracked"])
        await rec.call("track", rng.choice(clients), "GET", "/api/v1/track",
                       params={"number": number, "code": last4}, headers=headers)  # fmt: skip
        await asyncio.sleep(rng.uniform(2.0, 6.0))


async def drive(
    web: list[str], secrets: dict[str, Any], seats: int, citizens: int, seconds: float
) -> dict[str, Any]:
    rec = Recorder()
    # Idle connections are dropped by the client (4 s) before the server would close them
    # (uvicorn's keep-alive, 15 s under borikan cluster): else a request sent on a connection
    # the server is closing at that moment fails with a read error, as behind any proxy.
    limits = httpx.Limits(max_connections=max(seats // len(web), 10), keepalive_expiry=4)
    clients = [httpx.AsyncClient(base_url=url, timeout=30, limits=limits) for url in web]
    rng = random.Random(1203)
    stop = time.monotonic() + seconds
    started = time.monotonic()

    async def progress() -> None:
        while time.monotonic() < stop:
            await asyncio.sleep(5)
            done = sum(len(v) for v in rec.samples.values())
            errors = sum(len(v) for v in rec.errors.values())
            print(f"  {time.monotonic() - started:5.0f} s  {done:,} requests  {errors} errors",
                  file=sys.stderr)  # fmt: skip

    try:
        jobs: list[Coroutine[Any, Any, int | None]] = [
            seat(i, clients, secrets, stop, rec, random.Random(rng.random())) for i in range(seats)
        ]
        jobs += [citizen(i, clients, secrets, stop, rec, random.Random(rng.random()))
                 for i in range(citizens)]  # fmt: skip
        results = await asyncio.gather(progress(), *jobs)
    finally:
        for client in clients:
            await client.aclose()
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in rec.samples.values()) + sum(
        len(v) for name, v in rec.errors.items() if name not in rec.samples
    )
    errors = sum(len(v) for v in rec.errors.values())
    return {
        "seconds": round(elapsed, 1),
        "calls": sum(r for r in results[1:] if isinstance(r, int)),
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "errors": errors,
        "error_rate": round(errors / total, 6) if total else None,
        "error_samples": {name: v[:5] for name, v in rec.errors.items()},
        "endpoints": {name: percentiles(v) for name, v in sorted(rec.samples.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seats", type=int, default=200)
    parser.add_argument("--citizens", type=int, default=50, help="citizens tracking their cases")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)

    print(f"Load: {args.seats} seats, {args.citizens} citizens, {args.seconds:.0f} s",
          file=sys.stderr)  # fmt: skip
    env, secrets = prepare(args.seats)
    cluster = subprocess.Popen(
        [sys.executable, "-m", "borikan.cli", "cluster", "--web", "2", "--workers", "2",
         "--port", "0"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert cluster.stdout is not None
        ready: dict[str, Any] | None = None
        for line in cluster.stdout:
            if line.startswith("CLUSTER_READY "):
                ready = json.loads(line.removeprefix("CLUSTER_READY "))
                break
        if ready is None:
            sys.exit("borikan cluster did not start")
        web = [w["url"] for w in ready["web"]]
        print(f"  cluster up: {', '.join(web)} and {len(ready['workers'])} workers",
              file=sys.stderr)  # fmt: skip
        outcome = asyncio.run(drive(web, secrets, args.seats, args.citizens, args.seconds))
    finally:
        cluster.send_signal(signal.SIGTERM)
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            cluster.kill()

    result = {
        "benchmark": "load",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "cpu_calibration_ms": cpu_calibration_ms(),
        },
        "layout": "2 app processes (uvicorn) + 2 workers, PostgreSQL, Redis, client on loopback",
        "seats": args.seats,
        "citizens": args.citizens,
        **outcome,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"load-{datetime.now(UTC).date().isoformat()}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"\n{outcome['requests']:,} requests in {outcome['seconds']} s "
        f"({outcome['requests_per_second']}/s), {outcome['errors']} errors",
        file=sys.stderr,
    )
    for name, figures in outcome["endpoints"].items():
        print(
            f"  {name:<16} p50 {figures.get('p50_ms')} ms  p95 {figures.get('p95_ms')} ms  "
            f"p99 {figures.get('p99_ms')} ms  ({figures.get('count')})",
            file=sys.stderr,
        )
    print(f"Written to {path.relative_to(ROOT)}", file=sys.stderr)  # fmt: skip
    return 0 if outcome["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
