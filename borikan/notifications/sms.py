"""SMS backends, chosen by the `SMS_BACKEND` setting, in the manner of Django's e-mail backends.

A backend is a class with `send(*, to: str, body: str) -> None` that raises `OSError` (or
`SmsError`) when the gateway cannot take the message now, so delivery retries it later.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, TextIO

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway refused or could not take the message now; delivery retries it."""


@dataclass(frozen=True)
class Sms:
    to: str
    body: str


class SmsBackend(Protocol):
    """What delivery needs of a gateway; the classes below (and any gateway's) provide it."""

    def send(self, *, to: str, body: str) -> None: ...


class ConsoleBackend:
    """Writes each SMS to standard output (the worker's log): for development."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str) -> None:
        self.stream.write(f"SMS to {to}:\n{body}\n{'-' * 40}\n")
        self.stream.flush()


class FileBackend:
    """Writes each SMS to a file of its own under `SMS_FILE_PATH` (default `var/sms/`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        default = getattr(settings, "SMS_FILE_PATH", None) or settings.VAR_DIR / "sms"
        self.path = Path(path or default)

    def send(self, *, to: str, body: str) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        now = timezone.now()
        name = f"{now:%Y%m%d-%H%M%S}-{now.microsecond:06d}-{threading.get_ident()}.txt"
        (self.path / name).write_text(f"To: {to}\nDate: {now.isoformat()}\n\n{body}\n")


class MemoryBackend:
    """Keeps each SMS in `MemoryBackend.outbox`, like Django's locmem e-mail backend: for tests."""

    outbox: ClassVar[list[Sms]] = []

    def send(self, *, to: str, body: str) -> None:
        MemoryBackend.outbox.append(Sms(to=to, body=body))


def sms_backend() -> SmsBackend:
    """An instance of the backend the `SMS_BACKEND` setting names."""
    backend: type[SmsBackend] = import_string(settings.SMS_BACKEND)
    return backend()
