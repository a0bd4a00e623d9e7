"""Borikan's targets on one database: writes JSON (and a chart). `make bench` runs this on SQLite
and on PostgreSQL as parts of the whole suite (bench/__main__.py).

    python -m bench.targets                      # everything, 1,000,000 contacts
    python -m bench --only phone_lookup --contacts 100000      # the same, with --only
    python -m bench --only case_list --only cases_open --cases 100000
    python -m bench --only chat_delivery --chat-visitors 1000 --chat-rate 100
    python -m bench --only reports --interactions 20000 --report-cases 5000
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/borikan_bench python -m bench.targets

Results go to bench/results/<database>.json and bench/results/<database>.svg (older results of
benchmarks not run are kept there); --output PATH also writes this run's results alone.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import RESULTS, cpu_calibration_ms, django_setup
from bench.report import chart_svg, summary_lines

BENCHMARKS = (
    "phone_lookup",
    "screen_pop",
    "cti_throughput",
    "case_list",
    "cases_open",
    "kb_search",
    "chat_delivery",
    "reports",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.targets", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--only", choices=BENCHMARKS, action="append")
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=30.0, help="CTI throughput run length")
    parser.add_argument("--rounds", type=int, default=300, help="screen-pop calls")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--case-seconds", type=float, default=20.0, help="case-opening run length")
    parser.add_argument("--articles", type=int, default=100_000, help="knowledge-base size")
    parser.add_argument("--chat-visitors", type=int, default=1000, help="visitor websockets")
    parser.add_argument("--chat-seconds", type=float, default=30.0, help="chat load run length")
    parser.add_argument(
        "--chat-rate", type=float, default=100.0, help="visitor messages per second"
    )
    parser.add_argument("--interactions", type=int, default=1_000_000, help="reports: service log")
    parser.add_argument("--report-cases", type=int, default=200_000, help="reports: cases")
    parser.add_argument("--output", type=Path, help="also write this run's results alone here")
    parser.add_argument(
        "--seed-only",
        action="store_true",
        help="add the data the chosen benchmarks need (the first run's hours), measure nothing",
    )
    args = parser.parse_args(argv)
    chosen = args.only or list(BENCHMARKS)

    django_setup()
    from django.db import connection

    from bench import cases, chat, contacts_lookup, knowledge, reports, telephony

    started = time.monotonic()
    if args.seed_only:
        _seed(chosen, args)
        print(f"Seeded in {time.monotonic() - started:,.0f} s.", file=sys.stderr)
        return 0
    results: list[dict[str, Any]] = []
    print(f"Borikan benchmarks on {connection.vendor}: {', '.join(chosen)}", file=sys.stderr)
    if "phone_lookup" in chosen or "screen_pop" in chosen or "cti_throughput" in chosen:
        contacts_lookup.seed(args.contacts)
    if "phone_lookup" in chosen:
        results.append(contacts_lookup.run(contacts=args.contacts))
    if "screen_pop" in chosen:
        results.append(telephony.screen_pop(rounds=args.rounds, contacts=args.contacts))
    if "cti_throughput" in chosen:
        results.append(telephony.cti_throughput(seconds=args.seconds, contacts=args.contacts))
    if "case_list" in chosen or "cases_open" in chosen:
        cases.seed(args.cases)  # cases are opened into a table of that size too
    if "case_list" in chosen:
        results.append(cases.run_list(cases=args.cases))
    if "cases_open" in chosen:
        results.append(cases.run_open(seconds=args.case_seconds))
    if "kb_search" in chosen:
        results.append(knowledge.run(articles=args.articles))
    if "chat_delivery" in chosen:
        results.append(
            chat.delivery(
                visitors=args.chat_visitors, seconds=args.chat_seconds, rate=args.chat_rate
            )
        )
    if "reports" in chosen:
        # Cases seeded for the case list (when it ran) are at least as many: the larger is used.
        cases_total = max(args.report_cases, args.cases if "case_list" in chosen else 0)
        results.append(reports.run(interactions=args.interactions, cases=cases_total))

    calibration = cpu_calibration_ms()
    for result in results:  # kept with each result: older ones may come from another machine
        result["cpu_calibration_ms"] = calibration
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seconds": round(time.monotonic() - started, 1),
        "results": results,
    }
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{connection.vendor}.json"
    previous = json.loads(target.read_text()) if target.exists() else {"results": []}
    kept = [r for r in previous["results"] if r["name"] not in {x["name"] for x in results}]
    report["results"] = kept + results
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    (RESULTS / f"{connection.vendor}.svg").write_text(chart_svg(report))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    print("\n".join(summary_lines(report)), file=sys.stderr)
    print(f"Written {target} and its chart ({report['seconds']} s).", file=sys.stderr)
    return 0 if all(r.get("met", True) for r in results) else 1


def _seed(chosen: list[str], args: argparse.Namespace) -> None:
    """What each chosen benchmark would seed before measuring, in the same order."""
    from bench import cases, contacts_lookup, knowledge, reports

    if {"phone_lookup", "screen_pop", "cti_throughput"} & set(chosen):
        contacts_lookup.seed(args.contacts)
    if {"case_list", "cases_open"} & set(chosen):
        cases.seed(args.cases)
    if "kb_search" in chosen:
        knowledge.seed(args.articles)
    if "reports" in chosen:
        reports.seed(args.interactions)
        cases.seed(max(args.report_cases, args.cases if "case_list" in chosen else 0))


if __name__ == "__main__":
    sys.exit(main())
