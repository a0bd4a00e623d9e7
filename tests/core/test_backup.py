"""`borikan backup` and `borikan restore`: a backup restored into a fresh database holds every
table's rows, the same rows; a file that is not a backup is refused and changes nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from borikan.cases.services import case_open
from borikan.core.backup import table_counts
from tests.cases.test_concurrency import ON_POSTGRES, ROOT
from tests.factories import ContactFactory, UserFactory

SAMPLE = (
    "SELECT number, subject, status FROM cases_case ORDER BY id",
    "SELECT first_name_th, last_name_th FROM contacts_contact ORDER BY id",
    "SELECT code, name_th FROM core_office ORDER BY code",
)


@pytest.fixture
def some_data(reference_data):
    agent = UserFactory(username="backup-agent")
    for i in range(3):
        contact = ContactFactory(first_name_th="สมหญิง", last_name_th=f"สำรอง{i}")
        case_open(
            by=agent, kind="complaint", subject=f"ร้องเรียนราคาสินค้า {i}", description="ราคาแพง",
            origin="phone", contact=contact, submit=True,
        )  # fmt: skip


def _sample_here() -> list[list[tuple]]:
    with connection.cursor() as cursor:
        rows = []
        for query in SAMPLE:
            cursor.execute(query)
            rows.append([tuple(row) for row in cursor.fetchall()])
    return rows


def _fresh_database(tmp_path: Path):
    """A URL to an empty database of the suite's engine, and a way to read it directly."""
    if not ON_POSTGRES:
        path = tmp_path / "restored.sqlite3"
        return f"sqlite:///{path}", lambda: sqlite3.connect(path), lambda: None
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    admin = f"postgresql://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}"
    admin += f":{settings['PORT'] or 5432}"
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
        pg.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(f"{admin}/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{admin}/{name}", lambda: psycopg.connect(f"{admin}/{name}"), drop


def _borikan(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "borikan.settings", "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-c", "import sys; from borikan.cli import main; main(sys.argv[1:])"]
    return subprocess.run(
        [*command, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip


def test_a_backup_restored_into_a_fresh_database_has_every_row(some_data, tmp_path, capsys):
    backup = tmp_path / "borikan.backup"
    call_command("backup", str(backup))
    out = capsys.readouterr().out
    assert "Backup written" in out and "tables" in out
    before, sample = table_counts(), _sample_here()
    assert before["cases_case"] == 3 and before["contacts_contact"] >= 3

    url, connect, drop = _fresh_database(tmp_path)
    try:
        restored = _borikan(url, "restore", str(backup), "--yes")
        assert restored.returncode == 0, restored.stderr
        assert "Restored" in restored.stdout
        with connect() as db:
            cursor = db.cursor()
            after = {}
            for table in before:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                after[table] = cursor.fetchone()[0]
            samples = []
            for query in SAMPLE:
                cursor.execute(query)
                samples.append([tuple(row) for row in cursor.fetchall()])
        assert after == before
        assert samples == sample
    finally:
        drop()


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(some_data, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("ไม่ใช่ไฟล์สำรอง", encoding="utf-8")
    before = table_counts()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(junk), "--yes")
    assert "ไม่ใช่" in str(error.value) and "not a Borikan backup" in str(error.value)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(tmp_path / "missing.backup"), "--yes")
    assert table_counts() == before


def test_a_backup_of_the_other_engine_is_refused(some_data, tmp_path):
    other = tmp_path / "other.backup"
    other.write_bytes(b"SQLite format 3\x00" if ON_POSTGRES else b"PGDMP\x01\x0e\x00")
    with pytest.raises(CommandError, match="backup; Borikan is configured for"):
        call_command("restore", str(other), "--yes")


def test_backup_into_a_missing_folder_says_so_and_restore_asks_first(
    some_data, tmp_path, monkeypatch
):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "no" / "such" / "x.backup"))
    backup = tmp_path / "ok.backup"
    call_command("backup", str(backup))
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(backup))
