"""The load client both applications get: a public form filled by concurrent citizens, and
timed page loads. Loopback only, bounded in time and count."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Callable
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
    path: str,
    *,
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


async def creation_runs(
    base: str, path: str, *, clients: int, seconds: float, **kwargs: Any
) -> dict[str, Any]:
    """form_rate with `clients`, then with one client for a few seconds: what one ticket
    costs, apart from what concurrency adds (as bench/cases/opening.py does for the API)."""
    result = await form_rate(base, path, clients=clients, seconds=seconds, **kwargs)
    alone = await form_rate(
        base, path, clients=1, seconds=min(seconds, ONE_CLIENT_SECONDS), warmup=0, **kwargs
    )
    result["one_client"] = {
        key: alone[key] for key in ("seconds", "created", "errors", "tickets_per_s", "latency")
    }
    return result
