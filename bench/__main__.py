"""`make bench`: the whole benchmark suite, one JSON document and one chart.

    python -m bench                         # every part, full sizes (hours the first time)
    python -m bench --quick                 # every part at small sizes: a check that all runs
    python -m bench --part sqlite --part helpdesk
    python -m bench --only cases_open --cases 100000   # one benchmark on one database, as before

The parts, each in a process of its own (their own database and Django set-up):
  sqlite      Borikan's targets on SQLite (python -m bench.targets)
  postgresql  the targets the issues set for PostgreSQL too (knowledge-base search, dashboard)
  eval        the knowledge-base search quality on the labelled set, SQLite and PostgreSQL
  helpdesk    Borikan beside django-helpdesk on the same 100,000 Thai tickets

Writes bench/results/bench-<date>.json and .svg (--quick: under var/bench-quick/); exit 0 when
every target is met, 1 when some is not, 2 when a part failed to run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import BENCH_VAR, RESULTS, ROOT, cpu_calibration_ms

PARTS = ("sqlite", "postgresql", "eval", "helpdesk")
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/borikan_bench"
EVAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/borikan_eval"
# The issues name PostgreSQL figures for these; the others are SQLite's (one process).
POSTGRES_TARGETS = ("kb_search", "reports")
QUICK = {
    "targets": [
        "--contacts", "20000", "--cases", "20000", "--articles", "3000", "--seconds", "5",
        "--rounds", "50", "--case-seconds", "5", "--chat-visitors", "50", "--chat-seconds", "5",
        "--chat-rate", "20", "--interactions", "20000", "--report-cases", "5000",
    ],
    "helpdesk": ["--tickets", "3000", "--seconds", "4", "--rounds", "3"],
}  # fmt: skip


def _postgres_answers(url: str) -> str | None:
    """None when the server answers, else why not."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"PostgreSQL does not answer at {server}: {str(exc).strip()[:200]}"
    return None


def _run(name: str, args: list[str], env: dict[str, str], output: Path) -> dict[str, Any]:
    """One part in its own process: its progress on our stderr, its stdout to a log."""
    print(f"\n== part {name}: python {' '.join(args)}", file=sys.stderr, flush=True)
    output.unlink(missing_ok=True)
    log = BENCH_VAR / f"suite-{name}.log"
    started = time.monotonic()
    with log.open("w") as stdout:
        code = subprocess.call(
            [sys.executable, *args], env={**os.environ, **env}, cwd=ROOT, stdout=stdout
        )
    part: dict[str, Any] = {
        "command": f"python {' '.join(args)}",
        "exit": code,
        "seconds": round(time.monotonic() - started, 1),
        "log": str(log.relative_to(ROOT) if log.is_relative_to(ROOT) else log),
    }
    if output.exists():  # exit 1 with a report: it ran, and some target was not met
        part["report"] = json.loads(output.read_text())
    else:
        part["error"] = f"exit {code}, no report; see {part['log']}"
    return part


def suite(parts: list[str], *, quick: bool, postgres_url: str, when: datetime) -> dict[str, Any]:
    from bench.suite import helpdesk_rows, target_rows

    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    staging = BENCH_VAR / "suite"
    staging.mkdir(exist_ok=True)
    sizes = QUICK["targets"] if quick else []
    needs_postgres = {"postgresql", "eval"} & set(parts)
    postgres_missing = _postgres_answers(postgres_url) if needs_postgres else None
    calibration_start = cpu_calibration_ms()
    started = time.monotonic()
    done: dict[str, dict[str, Any]] = {}

    def targets(name: str, url: str | None, only: tuple[str, ...] = ()) -> None:
        out = staging / f"{name}.json"
        env = {"BENCH_DATABASE_URL": url} if url else {}
        picked = [arg for benchmark in only for arg in ("--only", benchmark)]
        args = ["-m", "bench.targets", *picked, *sizes, "--output", str(out)]
        done[name] = _run(name, args, env, out)

    if "sqlite" in parts:
        targets("sqlite", None)
    if "postgresql" in parts:
        if postgres_missing:
            done["postgresql"] = {"skipped": postgres_missing}
        else:
            targets("postgresql", postgres_url, POSTGRES_TARGETS)
    if "eval" in parts:
        for database in ("sqlite", "postgresql"):
            name = f"eval_{database}"
            if database == "postgresql" and postgres_missing:
                done[name] = {"skipped": postgres_missing}
                continue
            out = staging / f"{name}.json"
            env = {"EVAL_DATABASE_URL": EVAL_POSTGRES_URL} if database == "postgresql" else {}
            done[name] = _run(name, ["-m", "bench.kb_eval", "--output", str(out)], env, out)
    if "helpdesk" in parts:
        out = staging / "helpdesk.json"
        args = ["-m", "bench.helpdesk", *(QUICK["helpdesk"] if quick else []), "--output", str(out)]
        done["helpdesk"] = _run("helpdesk", args, {}, out)

    targets_table = target_rows(done)
    measured = [row for row in targets_table if row["figure"] is not None]
    helpdesk = done.get("helpdesk", {}).get("report")
    return {
        "document": "Borikan benchmark suite",
        "when": when.isoformat(timespec="seconds"),
        "quick": quick,
        "machine": {
            "platform": platform.platform(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "memory_gb": _memory_gb(),
            "python": platform.python_version(),
            "cpu_calibration_ms": {"start": calibration_start, "end": cpu_calibration_ms()},
        },
        "seconds": round(time.monotonic() - started, 1),
        "targets_total": len(targets_table),
        "targets_measured": len(measured),
        "targets_met": sum(row["met"] for row in targets_table),
        "targets": targets_table,
        "helpdesk": helpdesk_rows(helpdesk),
        "parts": done,
    }


def _merged(earlier: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
    """The day's document with the parts run again replaced: targets and comparison read anew
    from the parts, each keeping its own time and calibration."""
    from bench.suite import helpdesk_rows, target_rows

    parts = {**earlier["parts"], **now["parts"]}
    rows = target_rows(parts)
    return {
        **earlier,
        "updated": now["when"],
        "parts_run_again": sorted({*earlier.get("parts_run_again", []), *now["parts"]}),
        "targets_total": len(rows),
        "targets_measured": sum(row["figure"] is not None for row in rows),
        "targets_met": sum(row["met"] for row in rows),
        "targets": rows,
        "helpdesk": helpdesk_rows(parts.get("helpdesk", {}).get("report")),
        "parts": parts,
    }


def _memory_gb() -> float | None:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    return round(pages * size / 2**30, 1)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--only" in argv or any(arg.startswith("--only=") for arg in argv):
        from bench import targets

        return targets.main(argv)  # one benchmark on one database, as `python -m bench` did
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=PARTS, action="append", help="run only these parts")
    parser.add_argument("--quick", action="store_true", help="small sizes, a check that all runs")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    args = parser.parse_args(argv)
    if args.quick and "BENCH_VAR" not in os.environ:
        # A small run on data and results of its own: the real ones are neither shrunk nor
        # overwritten. The parts' processes inherit these.
        quick_var = ROOT / "var" / "bench-quick"
        os.environ.update(BENCH_VAR=str(quick_var), BENCH_RESULTS=str(quick_var / "results"))
        os.execv(sys.executable, [sys.executable, "-m", "bench", *argv])  # re-read the paths
    if args.quick and args.postgres_url == POSTGRES_URL:
        args.postgres_url = POSTGRES_URL + "_quick"

    from bench.suite import chart_svg, summary_lines

    when = datetime.now(UTC)
    document = suite(
        args.part or list(PARTS), quick=args.quick, postgres_url=args.postgres_url, when=when
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"bench-{when.date().isoformat()}.json"
    if args.part and target.exists():
        document = _merged(json.loads(target.read_text()), document)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    target.with_suffix(".svg").write_text(chart_svg(document))
    print("\n".join(summary_lines(document)), file=sys.stderr)
    print(f"Written {target} and its chart.", file=sys.stderr)
    failed = [name for name, part in document["parts"].items() if "error" in part]
    if failed:
        print(f"Parts that failed to run: {', '.join(failed)}", file=sys.stderr)
        return 2
    return 0 if document["targets_met"] == document["targets_total"] else 1


if __name__ == "__main__":
    sys.exit(main())
