"""The load client both applications get: a public form filled by concurrent citizens, and
timed page loads. Loopback only, bounded in time and count."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx

from bench.common import Progress, percentiles

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token a Django form page carries in its hidden field."""
    found = CSRF_FIELD.search(html)
    if not found:
        raise ValueError("no csrfmiddlewaretoken in the page")
    return found.group(1)


async def form_rate(
    base: str,
    *,
    path: str,
    fields: Callable[[int], dict[str, str]],
    created: Callable[[httpx.Response], bool],
    clients: int,
    seconds: float,
    headers: Callable[[int], dict[str, str]] | None = None,
    warmup: int = 10,
    label: str = "form",
) -> dict[str, Any]:
    """`clients` citizens, each with its own cookies: one GET of the form (its CSRF token),
    then POST after POST of filled-in forms for `seconds`. Tickets per second counts the POSTs
    that created a ticket; latency is the POST's."""
    latencies: list[float] = []
    codes: Counter[int] = Counter()
    failures: list[str] = []
    made = 0
    sent = 0

    async def citizen(deadline: float | None, count: int | None, timed: bool) -> None:
        nonlocal made, sent
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            page = await http.get(path)
            token = csrf_token(page.text)
            done = 0
            while (deadline is None or time.perf_counter() < deadline) and (
                count is None or done < count
            ):
                sent += 1
                n, done = sent, done + 1
                body = {"csrfmiddlewaretoken": token, **fields(n)}
                extra = {"Referer": f"{base}{path}", **(headers(n) if headers else {})}
                started = time.perf_counter()
                try:
                    response = await http.post(path, data=body, headers=extra)
                except httpx.HTTPError as exc:
                    failures.append(repr(exc)[:200])
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if not timed:
                    continue
                codes[response.status_code] += 1
                latencies.append(elapsed)
                if created(response):
                    made += 1
                else:
                    failures.append(f"{response.status_code}: {response.text[:200]}")

    await citizen(None, warmup, timed=False)  # imports, caches, the first connections
    progress = Progress(f"{label}: {clients} clients, {seconds:.0f} s", int(seconds))
    origin = time.perf_counter()
    deadline = origin + seconds

    async def ticker() -> None:
        for _ in range(int(seconds)):
            await asyncio.sleep(1)
            progress.advance()

    tick = asyncio.create_task(ticker())
    await asyncio.gather(*(citizen(deadline, None, timed=True) for _ in range(clients)))
    elapsed = time.perf_counter() - origin
    tick.cancel()
    progress.finish()
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "posts": len(latencies),
        "created": made,
        "tickets_per_s": round(made / elapsed, 1),
        "responses": {str(code): n for code, n in sorted(codes.items())},
        "errors": len(failures),
        "errors_sample": failures[:3],
        "latency": percentiles(latencies),
        "latencies_ms": latencies,  # merged by merge_runs, not kept in the report
    }


async def timed_get(
    http: httpx.AsyncClient,
    url: str,
    *,
    rounds: int,
    params: dict[str, Any] | Callable[[int], dict[str, Any]] | None = None,
    headers: Callable[[int], dict[str, str]] | None = None,
    check: Callable[[httpx.Response], bool] | None = None,
) -> dict[str, Any]:
    """`rounds` loads of one URL after a warm-up load, one at a time: their percentiles, and
    how many answered wrong (not 200, or failing `check`)."""
    samples: list[float] = []
    wrong: list[str] = []
    for n in range(rounds + 1):
        query = params(n) if callable(params) else params
        started = time.perf_counter()
        response = await http.get(url, params=query, headers=headers(n) if headers else None)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200 or (check is not None and not check(response)):
            wrong.append(f"{response.status_code}: {response.text[:200]}")
        if n:  # the first load warms up
            samples.append(elapsed)
    return {**percentiles(samples), "wrong": len(wrong), "wrong_sample": wrong[:2]}


ONE_CLIENT_SECONDS = 5.0
# A tracking look-up costs milliseconds: more of them, so one slow moment is not the p95.
TRACKING_ROUNDS_FACTOR = 5
SLICES = 4


def merge_runs(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """form_rate runs as one: counts added, the rate over their summed time, the latency
    percentiles of all their POSTs together."""
    seconds = sum(r["seconds"] for r in runs)
    created = sum(r["created"] for r in runs)
    responses: Counter[str] = Counter()
    for run in runs:
        responses.update(run["responses"])
    return {
        "clients": runs[0]["clients"] if runs else 0,
        "seconds": round(seconds, 1),
        "posts": sum(r["posts"] for r in runs),
        "created": created,
        "tickets_per_s": round(created / seconds, 1) if seconds else 0.0,
        "per_slice_per_s": [r["tickets_per_s"] for r in runs],
        "responses": dict(sorted(responses.items())),
        "errors": sum(r["errors"] for r in runs),
        "errors_sample": [e for r in runs for e in r["errors_sample"]][:3],
        "latency": percentiles([ms for r in runs for ms in r["latencies_ms"]]),
    }


async def creation_steps(
    base: str,
    result: dict[str, Any],
    form: Callable[[], dict[str, Any]],
    *,
    clients: int,
    seconds: float,
    slices: int = SLICES,
) -> AsyncIterator[str]:
    """Ticket creation through a public form (form() gives form_rate's path, fields, created,
    headers and label, anew for each slice): `clients` citizens for `seconds` cut in `slices`,
    yielding after each so the caller can alternate applications slice by slice; then one
    citizen alone for a few seconds, what one ticket costs apart from what concurrency adds."""
    runs = []
    for k in range(slices):
        runs.append(
            await form_rate(base, clients=clients, seconds=seconds / slices,
                            warmup=10 if k == 0 else 0, **form())
        )  # fmt: skip
        yield f"creation {k + 1}/{slices}"
    alone = await form_rate(
        base, clients=1, seconds=min(seconds, ONE_CLIENT_SECONDS), warmup=0, **form()
    )
    result["creation"] = {
        **merge_runs(runs),
        "slices": slices,
        "one_client": {
            key: alone[key] for key in ("seconds", "created", "errors", "tickets_per_s", "latency")
        },
    }
    yield "creation, one client"
