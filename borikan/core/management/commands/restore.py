"""`borikan restore PATH`: replace the whole database with a backup made by `borikan backup`."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from borikan.core.backup import BackupError, backup_restore
from borikan.core.management.commands.backup import print_summary, progress_printer


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup at PATH. Stop the app processes and the "
        "workers first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the database."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        name = connection.settings_dict["NAME"]
        if not options["yes"]:
            answer = input(f"Replace everything in {name} with {options['path']}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing restored.")
        started = time.perf_counter()
        try:
            summary = backup_restore(options["path"], progress=progress_printer(self))
        except BackupError as exc:
            raise CommandError(f"{exc.message_in('th')} / {exc.message_in('en')}") from exc
        print_summary(self, "Restored", summary, time.perf_counter() - started)
