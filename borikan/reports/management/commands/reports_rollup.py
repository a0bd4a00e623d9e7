"""`borikan reports-rollup [--full]`: rebuild the dashboard's rollups now (after an import of
older records, say) instead of waiting for the worker."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from borikan.reports.rollups import rollup_until, rollups_refresh


class Command(BaseCommand):
    help = "Rebuild the reports' rollups: the last 45 days, or everything with --full."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--full", action="store_true", help="Count every day again.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = rollups_refresh(full=options["full"])
        self.stdout.write(
            f"{rows:,} rollup rows written in {time.perf_counter() - started:.1f} s; "
            f"figures before {rollup_until()} read them."
        )
