"""`python -m bench.helpdesk`: Borikan beside django-helpdesk on the same tickets.

    python -m bench.helpdesk                         # 100,000 tickets, 20 s of form posts
    python -m bench.helpdesk --tickets 5000 --seconds 5 --rounds 3

Writes bench/results/helpdesk-<date>.json and .svg; progress on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import RESULTS, cpu_calibration_ms

CLIENTS = 16


def _borikan_rows(start: int) -> Iterator[dict[str, Any]]:
    """Borikan's bench cases from index `start` on, as the helpdesk seeding reads them."""
    from bench.cases.seeding import seeded_number
    from borikan.cases.models import Case

    rows = (
        Case.objects.filter(number__gte=seeded_number(start), number__lt="C2560.")
        .order_by("number")
        .values_list("number", "subject", "description", "status", "agency__code", "received_at")
    )
    for number, subject, description, status, agency, received in rows.iterator(5_000):
        yield {
            "index": int(number.rsplit("-", 1)[1]),
            "subject": subject,
            "description": description,
            "status": status,
            "agency": agency,
            "received_at": received.isoformat(),
        }


def _drop_indexes(side: dict[str, Any]) -> None:
    for found in side["search"].values():
        found.pop("indexes", None)


async def _alternate(sides: dict[str, AsyncIterator[str]]) -> dict[str, float]:
    """One step of each side in turn until all are done; the CPU calibration before each."""
    calibration: dict[str, float] = {}
    while sides:
        before = cpu_calibration_ms()
        for label, side in list(sides.items()):
            try:
                name = await anext(side)
            except StopAsyncIteration:
                del sides[label]
                continue
            calibration.setdefault(name, before)
            print(f"  {label}: {name} measured", file=sys.stderr)
    return calibration


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.helpdesk", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="form posting run length")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--rounds", type=int, default=10, help="timed loads of each page")
    parser.add_argument("--output", type=Path, help="write the JSON here instead")
    args = parser.parse_args(argv)
    started = time.monotonic()

    from bench.helpdesk import peer

    # Both applications on SQLite, each on a database holding these tickets and no others.
    peer.HELPDESK_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_DATABASE_URL"] = (
        f"sqlite:///{peer.HELPDESK_VAR / f'borikan-{args.tickets}.sqlite3'}"
    )
    # Borikan's public form asks for a few seconds between showing and sending (a check against
    # robots that django-helpdesk's form does not have): off for its server here, so both forms
    # are measured for the work of making a ticket.
    os.environ["FORM_MIN_FILL_SECONDS"] = "0"
    from bench.common import django_setup

    print(f"Borikan beside django-helpdesk, {args.tickets:,} tickets", file=sys.stderr)
    django_setup()
    from bench.cases.seeding import SEARCH_ANSWERS, search_expected, seed
    from bench.helpdesk import borikan_side, helpdesk_side
    from bench.helpdesk.compare import chart_svg, headline, ratios, search_check, summary_lines

    seed(args.tickets)
    indexing = borikan_side.index_cases()
    version = peer.install()
    have = peer.seeded(args.tickets)
    rows = _borikan_rows(have) if have < args.tickets else None
    info = peer.prepare(args.tickets, rows)

    # Both served at once (an idle server costs nothing) and measured in alternation, each
    # operation on django-helpdesk and then on Borikan: the machine is shared, and its load
    # moves; what it was before each pair goes with the figures.
    from bench.common import served

    helpdesk: dict[str, Any] = {}
    borikan: dict[str, Any] = {}
    settings = {"clients": args.clients, "seconds": args.seconds, "rounds": args.rounds}
    with peer.served(args.tickets) as helpdesk_base, served() as borikan_base:
        sides = {
            "django-helpdesk": helpdesk_side.measure(helpdesk_base, info, helpdesk, **settings),
            "Borikan": borikan_side.measure(borikan_base, borikan, **settings),
        }
        calibration = asyncio.run(_alternate(sides))
    for side in (helpdesk, borikan):
        side["search_correct"] = {
            query: search_check(
                side["search"][query]["indexes"], search_expected(query, args.tickets)
            )
            for query in SEARCH_ANSWERS
        }
        side["headline"] = headline(side)
        _drop_indexes(side)
    today = datetime.now(UTC)
    report: dict[str, Any] = {
        "benchmark": "helpdesk",
        "date": today.isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "cpu_calibration_ms": cpu_calibration_ms(),
        },
        "tickets": args.tickets,
        "clients": args.clients,
        "rounds": args.rounds,
        "layout": (
            "each application in one uvicorn process, SQLite (WAL), client on loopback; "
            "each operation measured on django-helpdesk, then on Borikan"
        ),
        "calibration_before_step_ms": calibration,
        "borikan": {"indexing": indexing, **borikan},
        "helpdesk": {
            "version": version,
            "tickets_in_database": info["tickets"],
            "followups_in_database": info["followups"],
            **helpdesk,
        },
        "ratios": ratios(borikan["headline"], helpdesk["headline"]),
        "problems": [
            f"{name}: no ticket was created through the form "
            f"({side['creation']['errors_sample'][:1]})"
            for name, side in (("Borikan", borikan), ("django-helpdesk", helpdesk))
            if not side["creation"]["created"]
        ],
        "seconds": round(time.monotonic() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = args.output or RESULTS / f"helpdesk-{today.date().isoformat()}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    target.with_suffix(".svg").write_text(chart_svg(report), encoding="utf-8")
    print("\n".join(summary_lines(report)), file=sys.stderr)
    print(f"Written {target} and its chart ({report['seconds']} s).", file=sys.stderr)
    for problem in report["problems"]:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
