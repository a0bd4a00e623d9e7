"""`borikan kb import FILE` and `borikan kb reindex`: the knowledge base from the shell."""

from __future__ import annotations

import os
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from borikan.knowledge.importer import ImportReport, import_articles
from borikan.knowledge.models import Article, Status
from borikan.knowledge.services import articles_reindex

MAX_ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Knowledge base: import articles (JSON Lines, CSV or a folder of Markdown files), "
        "or rebuild the search index."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Create or update articles from a file or folder.")
        imp.add_argument("path", help="a .jsonl or .csv file, or a folder of .md files")
        imp.add_argument("--agency", default="", help="agency code for records that name none")
        re_ = sub.add_parser("reindex", help="Index every published article anew.")
        re_.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="processes that segment"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(Path(options["path"]), options["agency"])
        else:
            self._reindex(max(1, options["workers"]))

    def _progress(self, text: str) -> None:
        self.stderr.write(f"\r{text}", ending="")
        self.stderr.flush()

    def _import(self, path: Path, agency: str) -> None:
        if not path.exists():
            raise CommandError(f"ไม่พบไฟล์ / No such file or folder: {path}")
        started = time.monotonic()

        def progress(report: ImportReport) -> None:
            if report.total % 50 == 0:
                rate = report.total / max(time.monotonic() - started, 1e-6)
                self._progress(f"{report.total:,} records… ({rate:,.0f}/s)")

        report = import_articles(path, agency=agency, progress=progress)
        seconds = time.monotonic() - started
        self._progress("")
        self.stderr.write("")
        for error in report.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(self.style.ERROR(error))
        if len(report.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… {len(report.errors) - MAX_ERRORS_SHOWN} more")
        self.stdout.write(
            self.style.SUCCESS(
                f"นำเข้าแล้ว / Imported {path}: {report.created} created, {report.updated} "
                f"updated, {report.unchanged} unchanged, {len(report.errors)} refused "
                f"in {seconds:.1f} s."
            )
        )

    def _reindex(self, workers: int) -> None:
        total = Article.objects.filter(status=Status.PUBLISHED).count()
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            self._progress(f"{done:,}/{total:,} articles ({rate:,.0f}/s)")

        done = articles_reindex(workers=workers, progress=progress)
        seconds = time.monotonic() - started
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"จัดทำดัชนีใหม่แล้ว / Reindexed {done:,} published articles in {seconds:.1f} s "
                f"({done / max(seconds, 1e-6):,.0f}/s, {workers} processes)."
            )
        )
