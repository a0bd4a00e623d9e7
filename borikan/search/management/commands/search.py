"""`borikan search reindex`: rebuild the Thai search index of every app (or one kind)."""

from __future__ import annotations

import os
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from borikan.search.registry import reindexers


class Command(BaseCommand):
    help = "Thai search: rebuild the index after changing the word lists or the engine."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        again = sub.add_parser("reindex", help="Index every object anew.")
        again.add_argument("--kind", action="append", help="only this kind (e.g. contact)")
        again.add_argument("--workers", type=int, default=os.cpu_count() or 1)

    def handle(self, *args: Any, **options: Any) -> None:
        known = reindexers()
        kinds = options["kind"] or sorted(known)
        unknown = [k for k in kinds if k not in known]
        if unknown:
            raise CommandError(
                f"ไม่รู้จักประเภท / Unknown kind: {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )
        summary = []
        for kind in kinds:
            started = time.monotonic()

            def progress(done: int, kind: str = kind, started: float = started) -> None:
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stderr.write(f"\r{kind}: {done:,} ({rate:,.0f}/s)", ending="")
                self.stderr.flush()

            done = known[kind](max(1, options["workers"]), progress)
            self.stderr.write("")
            summary.append(f"{kind} {done:,} in {time.monotonic() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS("จัดทำดัชนีใหม่แล้ว / Reindexed: " + "; ".join(summary)))
