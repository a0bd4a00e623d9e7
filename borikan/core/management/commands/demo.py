"""`borikan demo`: loads the demo data of every app, idempotently, with progress and a summary."""

from __future__ import annotations

import importlib
import time
from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import translation

from borikan.core.demo import demo_totp_key_base32, logins


class Command(BaseCommand):
    help = "Load demo data (staff of every role, and each app's examples). Safe to run twice."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        if not options["logins"]:
            self._load_all()
        self.stdout.write("\nDemo logins (username, password, role):")
        for username, password, role in logins():
            self.stdout.write(f"  {username:<16} {password:<14} {role}")
        self.stdout.write(
            "  admin also needs a 6-digit code: `.venv/bin/borikan otp-code admin`, or add the key "
            f"{demo_totp_key_base32()} to an authenticator app."
        )

    def _load_all(self) -> None:
        # Each app with a `demo` module contributes its own data, in INSTALLED_APPS order.
        modules = []
        for config in apps.get_app_configs():
            if not config.name.startswith("borikan."):
                continue
            try:
                modules.append(importlib.import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
        started = time.perf_counter()
        total = 0
        for index, module in enumerate(modules, start=1):
            label = module.__name__.split(".")[1]
            self.stdout.write(f"[{index}/{len(modules)}] {label} …", ending="")
            self.stdout.flush()
            counts = module.load()
            self.stdout.write(" " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
            total += sum(v for k, v in counts.items() if "created" in k)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s ({total} records created).")
        )
