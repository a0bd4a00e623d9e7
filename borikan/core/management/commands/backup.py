"""`borikan backup PATH`: a consistent copy of the whole database in one file."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from borikan.core.backup import BackupError, BackupSummary, backup_create


class Command(BaseCommand):
    help = "Back up the whole database to PATH (SQLite online backup, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        started = time.perf_counter()
        try:
            summary = backup_create(options["path"], progress=progress_printer(self))
        except BackupError as exc:
            raise CommandError(f"{exc.message_in('th')} / {exc.message_in('en')}") from exc
        print_summary(self, "Backup written", summary, time.perf_counter() - started)


def progress_printer(command: BaseCommand) -> Any:
    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        command.stdout.write(f"\r  {done:,}/{total:,} pages ({percent} %)", ending="")
        command.stdout.flush()

    return show


def print_summary(command: BaseCommand, what: str, summary: BackupSummary, seconds: float) -> None:
    command.stdout.write("")
    biggest = sorted(summary.tables.items(), key=lambda item: -item[1])[:5]
    command.stdout.write(
        "  largest tables: " + ", ".join(f"{name} {rows:,}" for name, rows in biggest)
    )
    command.stdout.write(
        command.style.SUCCESS(
            f"{what}: {summary.path} ({summary.engine}, {summary.size_bytes / 1e6:.1f} MB, "
            f"{len(summary.tables)} tables, {summary.rows:,} rows) in {seconds:.1f} s."
        )
    )
