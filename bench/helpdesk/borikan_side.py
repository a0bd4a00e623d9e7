"""The same four operations against Borikan, served by uvicorn (bench.common.served), over
loopback HTTP, on a database of its own holding the same bench cases."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
from asgiref.sync import sync_to_async

from bench.cases.seeding import SEARCH_ANSWERS, SUBJECTS, seeded_number
from bench.common import percentiles
from bench.helpdesk.client import (
    TRACKING_ROUNDS_FACTOR,
    creation_steps,
    csrf_token,
    timed_get,
)
from bench.helpdesk.helpdesk_side import FORM_BODY

PER_PAGE = 25


def _forwarded(n: int) -> dict[str, str]:
    # Each citizen from an address of its own, as nginx forwards it: the public pages' limits
    # per address (10 cases an hour, 20 lookups in 10 minutes) are for one person, not a load.
    return {"X-Forwarded-For": f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"}


def index_cases() -> dict[str, Any]:
    """Puts the bench cases in the Thai search index when they are not all there (bulk
    seeding skips it), as `borikan search reindex` would."""
    import os

    from borikan.cases.models import Case
    from borikan.cases.services import SEARCH_KIND, cases_reindex
    from borikan.search.models import SearchDocument

    cases = Case.objects.count()
    indexed = SearchDocument.objects.filter(kind=SEARCH_KIND).count()
    if indexed >= cases:
        return {"indexed_now": 0}
    print(f"  indexing {cases:,} cases for the Thai search …", file=sys.stderr)
    started = time.perf_counter()
    done = cases_reindex(workers=os.cpu_count() or 1)
    return {"indexed_now": done, "seconds": round(time.perf_counter() - started, 1)}


def _sessions() -> dict[str, Any]:
    """Session cookies of DIT's officer (the busiest agency's list) and of the director (who
    sees every case: the whole list, the search), and how long their lists are."""
    from django.test import Client

    from borikan.cases.selectors import case_queue
    from borikan.core.models import Agency, Role, User

    dit = Agency.objects.get(code="DIT")
    officer, _ = User.objects.get_or_create(
        username="bench-officer-dit",
        defaults={"role": Role.OFFICER, "agency": dit, "first_name": "เบนช์"},
    )
    director, _ = User.objects.get_or_create(
        username="bench-director", defaults={"role": Role.DIRECTOR, "first_name": "เบนช์"}
    )
    cookies = {}
    for name, user in (("officer", officer), ("director", director)):
        client = Client()
        client.force_login(user)
        cookies[name] = client.cookies["sessionid"].value
    return {
        "cookies": cookies,
        # The busiest agency's cases (its officer's list) and every case (the director's).
        "queue_cases": case_queue(user=officer, status="").count(),
        "all_cases": case_queue(user=director, status="").count(),
    }


def search_indexes(query: str) -> list[int]:
    """Which bench cases the case list's search finds for query (as the director)."""
    from borikan.cases.selectors import case_queue
    from borikan.core.models import User

    director = User.objects.get(username="bench-director")
    numbers = case_queue(user=director, status="", q=query).values_list("number", flat=True)
    prefix = seeded_number(0)[:-7]
    return sorted(int(n[len(prefix) :]) for n in numbers if n.startswith(prefix))


def _tracked() -> list[tuple[str, str, str]]:
    from borikan.cases.models import Case

    rows = Case.objects.filter(number__gte="C2560-", number__lt="C2560.").order_by("number")
    picked = rows.values_list("number", "tracking_phone_last4", "subject")[::2000][:50]
    return [(number, last4, subject) for number, last4, subject in picked]


def creation_form() -> dict[str, Any]:
    """Its public form (`/complaint/`), as client.form_rate fills it. Phone numbers and
    addresses new to each call: every ticket brings a new citizen (a look-up that misses, then
    a contact made) from an address of its own, however many runs came before."""
    first = random.randrange(10_000_000)
    return {
        "path": "/complaint/",
        "fields": lambda n: {
            "kind": "complaint",
            "subject": SUBJECTS[n % len(SUBJECTS)],
            "description": FORM_BODY,
            "first_name_th": "สมชาย",
            "last_name_th": "ใจดี",
            "phone": f"08{2 + n % 8}{(first + n) % 10_000_000:07d}",
            "email": "",
            "consent": "on",
            "website": "",
        },
        # Its form answers with the page that shows the new ticket number.
        "created": lambda r: r.status_code == 200 and 'class="ticket"' in r.text,
        "headers": lambda n: _forwarded(first + n),
        "label": "Borikan public form",
    }


async def _list(http: httpx.AsyncClient, total: int, rounds: int) -> dict[str, Any]:
    """The case list, all statuses: the first page and the last."""
    last = max(1, -(-total // PER_PAGE))
    return {
        "tickets": total,
        "pages": last,
        "first_page_html": await timed_get(http, "/cases/", params={"status": ""}, rounds=rounds),
        "last_page_html": await timed_get(
            http,
            "/cases/",
            params={"status": "", "page": last},
            rounds=rounds,
            check=lambda r: "C2560-" in r.text,
        ),
    }


async def measure(
    base: str, result: dict[str, Any], *, clients: int, seconds: float, rounds: int
) -> AsyncIterator[str]:
    """The four operations into result, yielding after each (the caller alternates sides)."""
    async for step in creation_steps(base, result, creation_form, clients=clients, seconds=seconds):
        yield step
    # After the creation run: the lists' lengths include the tickets it added.
    setup = await sync_to_async(_sessions)()
    tracked = await sync_to_async(_tracked)()
    cookies = setup["cookies"]
    lists: dict[str, Any] = {}
    for label, user in (("all", "director"), ("queue", "officer")):
        async with httpx.AsyncClient(
            base_url=base, timeout=120, cookies={"sessionid": cookies[user]}
        ) as http:
            lists[label] = await _list(http, setup[f"{label}_cases"], rounds)
    # The list is one server-rendered page: the last page is one request.
    lists["headline"] = lists["all"]["last_page_html"]
    result["last_page"] = lists
    yield "last_page"
    found: dict[str, Any] = {}
    async with httpx.AsyncClient(
        base_url=base, timeout=120, cookies={"sessionid": cookies["director"]}
    ) as http:
        for query in SEARCH_ANSWERS:
            latency = await timed_get(
                http, "/cases/", params={"status": "", "q": query}, rounds=rounds
            )
            indexes = await sync_to_async(search_indexes)(query)
            found[query] = {"latency": latency, "indexes": indexes}
    result["search"] = found
    yield "search"
    tracking_rounds = rounds * TRACKING_ROUNDS_FACTOR
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:

        def params(n: int) -> dict[str, str]:
            number, last4, _subject = tracked[n % len(tracked)]
            return {"number": number, "code": last4}

        result["tracking"] = await timed_get(
            http, "/api/v1/track", params=params, rounds=tracking_rounds, headers=_forwarded,
            check=lambda r: r.json().get("number") == r.request.url.params["number"],
        )  # fmt: skip
        page = await http.get("/track/")
        token = csrf_token(page.text)
        samples = []
        wrong = 0
        for n in range(tracking_rounds + 1):
            number, last4, subject = tracked[n % len(tracked)]
            started = time.perf_counter()
            response = await http.post(
                "/track/",
                data={"csrfmiddlewaretoken": token, "number": number, "code": last4},
                headers={**_forwarded(n), "Referer": f"{base}/track/"},
            )
            if n:
                samples.append((time.perf_counter() - started) * 1000)
            wrong += response.status_code != 200 or subject not in response.text
        result["tracking_page"] = {**percentiles(samples), "wrong": wrong}
    yield "tracking"
