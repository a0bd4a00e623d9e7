"""Backups of the whole database: SQLite's online backup API, or pg_dump/pg_restore.

A backup is one file. SQLite's is a consistent copy of the database file taken while Borikan
keeps serving; PostgreSQL's is a custom-format `pg_dump` archive. `backup_restore` reads the
file's first bytes to tell which it is and refuses a backup of the other engine.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, interpolate

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
PAGES_PER_STEP = 1024

# Called with (done, total) as the copy goes on; units are pages (SQLite) or tables (pg_restore).
Progress = Callable[[int, int], None]


class BackupError(DomainError):
    code = "backup_failed"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    size_bytes: int
    tables: dict[str, int]  # table name -> rows

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def table_counts() -> dict[str, int]:
    """Rows in each table of the database Borikan is connected to."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    env["PGDATABASE"] = settings["NAME"]
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            interpolate(
                _("%(tool)s is not installed: install the PostgreSQL client (postgresql-client)."),
                tool=name,
            ),
            code="tool_missing",
        )
    return found


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            interpolate(
                _("%(tool)s failed: %(error)s"),
                tool=Path(command[0]).name,
                error=result.stderr.strip()[-2000:],
            ),
            code="tool_failed",
        )


def backup_create(path: Path, *, progress: Progress | None = None) -> BackupSummary:
    """Writes a backup of the whole database to `path` (replacing it once it is complete)."""
    path = path.expanduser().resolve()
    if path.is_dir():
        raise BackupError(
            interpolate(_("%(path)s is a folder; give a file name."), path=path), code="bad_path"
        )
    if not path.parent.is_dir():
        raise BackupError(
            interpolate(_("The folder %(path)s does not exist."), path=path.parent),
            code="bad_path",
        )
    # Written beside the target and renamed at the end: a failed backup never replaces a good one.
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        if _engine() == "sqlite":
            _sqlite_copy_out(Path(partial), progress)
        else:
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"])
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return BackupSummary(
        path=path, engine=_engine(), size_bytes=path.stat().st_size, tables=table_counts()
    )


def _sqlite_copy_out(target: Path, progress: Progress | None) -> None:
    connection.ensure_connection()
    source: sqlite3.Connection = connection.connection
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=PAGES_PER_STEP, progress=_pages(progress))
    finally:
        destination.close()


def _pages(progress: Progress | None) -> Callable[[int, int, int], object] | None:
    if progress is None:
        return None

    def report(status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    return report


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql' by the file's first bytes; BackupError if it is neither."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(
            interpolate(_("Cannot read %(path)s: %(error)s"), path=path, error=exc.strerror),
            code="bad_path",
        ) from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(
        interpolate(_("%(path)s is not a Borikan backup."), path=path), code="not_a_backup"
    )


def backup_restore(path: Path, *, progress: Progress | None = None) -> BackupSummary:
    """Replaces the whole database with the backup at `path`. Stop the app and workers first."""
    path = path.expanduser().resolve()
    kind = backup_kind(path)
    if kind != _engine():
        raise BackupError(
            interpolate(
                _("This is a %(kind)s backup; Borikan is configured for %(engine)s."),
                kind=kind,
                engine=_engine(),
            ),
            code="wrong_engine",
        )
    if kind == "sqlite":
        _sqlite_copy_in(path, progress)
    else:
        # One transaction: if anything fails, the database is left as it was.
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
        connection.close()
    return BackupSummary(
        path=path, engine=kind, size_bytes=path.stat().st_size, tables=table_counts()
    )


def _sqlite_copy_in(path: Path, progress: Progress | None) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA quick_check").fetchone()[0]
        has_migrations = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()
        if check != "ok" or not has_migrations:
            raise BackupError(
                interpolate(_("%(path)s is damaged or not a Borikan backup."), path=path),
                code="not_a_backup",
            )
        connection.ensure_connection()
        source.backup(connection.connection, pages=PAGES_PER_STEP, progress=_pages(progress))
    finally:
        source.close()
