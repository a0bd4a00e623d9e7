"""The four operations against django-helpdesk, served by uvicorn, over loopback HTTP."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

from bench.cases.seeding import SEARCH_ANSWERS, SUBJECTS
from bench.common import percentiles
from bench.helpdesk.client import (
    TRACKING_ROUNDS_FACTOR,
    creation_steps,
    csrf_token,
    timed_get,
)

FORM_BODY = "ซื้อสินค้าแล้วได้รับไม่ตรงตามที่โฆษณา ขอให้ตรวจสอบและดำเนินการ"
TABLE_URL = re.compile(r"(/datatables_ticket_list/[A-Za-z0-9+/=]*)")
PER_PAGE = 25


def _table_url(html: str) -> str:
    """The JSON address the list page's DataTables loads its rows from."""
    found = TABLE_URL.search(html)
    if not found:
        raise ValueError("no datatables_ticket_list address in the ticket list page")
    return found.group(1)


def _rows(start: int, length: int = PER_PAGE) -> dict[str, Any]:
    # What DataTables 2 sends for a server-side page (the list sets `order: []`).
    return {"draw": 2, "start": start, "length": length, "search[value]": "", "_": 1}


async def _login(http: httpx.AsyncClient, staff: dict[str, str]) -> None:
    page = await http.get("/login/")
    response = await http.post(
        "/login/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": staff["username"],
            "password": staff["password"],
            "next": "/tickets/",
        },
        headers={"Referer": f"{http.base_url}login/"},
    )
    if response.status_code != 302 or "sessionid" not in http.cookies:
        raise RuntimeError(f"helpdesk login failed: {response.status_code}")


def creation_form(info: dict[str, Any]) -> dict[str, Any]:
    """Its public form (`/tickets/submit/`), as client.form_rate fills it."""
    queue = str(info["queues"]["MOC"])
    return {
        "path": "/tickets/submit/",
        "fields": lambda n: {
            "queue": queue,
            "title": SUBJECTS[n % len(SUBJECTS)],
            "body": FORM_BODY,
            "priority": "3",
            "due_date": "",
            "submitter_email": f"form{n}@example.net",
        },
        # Its form answers with a redirect to the ticket's public page (not followed).
        "created": lambda r: r.status_code == 302 and "/view/?ticket=" in r.headers["location"],
        "label": "helpdesk public form",
    }


async def last_page(http: httpx.AsyncClient, params: dict[str, Any], rounds: int) -> dict[str, Any]:
    """The staff ticket list with params: the page, then its rows as JSON (first, last)."""
    page = await http.get("/tickets/", params=params)
    table = _table_url(page.text)
    first = (await http.get(table, params=_rows(0))).json()
    total = int(first["recordsFiltered"])
    last_start = max(0, (total - 1) // PER_PAGE * PER_PAGE)
    shell = await timed_get(http, "/tickets/", params=params, rounds=rounds)
    rows_first = await timed_get(http, table, params=_rows(0), rounds=rounds)
    rows_last = await timed_get(
        http, table, params=_rows(last_start), rounds=rounds,
        check=lambda r: len(r.json()["data"]) == total - last_start,
    )  # fmt: skip
    return {
        "tickets": total,
        "pages": last_start // PER_PAGE + 1,
        "page_html": shell,
        "rows_first_page": rows_first,
        # What a user waits for on clicking the last page: its rows (the page is loaded).
        "rows_last_page": rows_last,
    }


async def lists(http: httpx.AsyncClient, queue: int, rounds: int) -> dict[str, Any]:
    """Every ticket (any status: a `sort` makes the list drop its open-only default), and the
    busiest agency's queue."""
    every = await last_page(http, {"sort": "created"}, rounds)
    one_queue = await last_page(http, {"queue": queue}, rounds)
    return {"all": every, "queue": one_queue, "headline": every["rows_last_page"]}


async def search(http: httpx.AsyncClient, rounds: int) -> dict[str, Any]:
    """Its keyword search (the list's `q`): the page, then the first page of results."""
    found: dict[str, Any] = {}
    for query in SEARCH_ANSWERS:
        samples = []
        table = ""
        for n in range(rounds + 1):
            started = time.perf_counter()
            page = await http.get("/tickets/", params={"q": query})
            table = _table_url(page.text)
            await http.get(table, params=_rows(0))
            if n:
                samples.append((time.perf_counter() - started) * 1000)
        ids: list[int] = []
        while True:  # every result's id, 1,000 at a time (not timed)
            chunk = (await http.get(table, params=_rows(len(ids), 1000))).json()
            ids += [int(row["id"]) for row in chunk["data"]]
            if not chunk["data"] or len(ids) >= int(chunk["recordsFiltered"]):
                break
        found[query] = {
            "latency": percentiles(samples),
            "records_filtered": int(chunk["recordsFiltered"]),
            # Seeded tickets are numbered index + 1.
            "indexes": sorted(i - 1 for i in ids),
        }
    return found


async def tracking(base: str, info: dict[str, Any], rounds: int) -> dict[str, Any]:
    tracked = info["tracked"]

    def params(n: int) -> dict[str, str]:
        t = tracked[n % len(tracked)]
        return {"ticket": t["ticket"], "email": t["email"], "key": t["key"]}

    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        return await timed_get(
            http, "/view/", params=params, rounds=rounds,
            # The ticket's page (a wrong key gives the search form back, also with a 200).
            check=lambda r: r.request.url.params["ticket"] in r.text,
        )  # fmt: skip


async def measure(
    base: str,
    info: dict[str, Any],
    result: dict[str, Any],
    *,
    clients: int,
    seconds: float,
    rounds: int,
) -> AsyncIterator[str]:
    """The four operations into result, yielding after each (the caller alternates sides)."""
    form = creation_form(info)
    async for step in creation_steps(base, result, lambda: form, clients=clients, seconds=seconds):
        yield step
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        await _login(http, info["staff"])
        result["last_page"] = await lists(http, info["queues"]["DIT"], rounds)
        yield "last_page"
        result["search"] = await search(http, rounds)
        yield "search"
    result["tracking"] = await tracking(base, info, rounds * TRACKING_ROUNDS_FACTOR)
    yield "tracking"
