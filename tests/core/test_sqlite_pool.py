"""The SQLite backend's per-process pool: a request's connection is reused by the next one,
clean, and never across a transaction, a replaced database file or an in-memory database."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from borikan.core.sqlite3 import base as pool


@pytest.fixture
def database(tmp_path: Path, django_db_blocker):
    pool._idle.clear()
    path = tmp_path / "pool.sqlite3"

    def connect(name: str = str(path), **options):
        handler = ConnectionHandler(
            {
                "default": {
                    "ENGINE": "borikan.core.sqlite3",
                    "NAME": name,
                    "OPTIONS": {"pool": True, **options},
                }
            }
        )
        return handler["default"]

    django_db_blocker.unblock()

    first = connect()
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    first.close()
    yield path, connect
    for idle in pool._idle.values():
        for connection, _identity in idle:
            connection.close()
    pool._idle.clear()
    django_db_blocker.restore()


def test_a_closed_connection_is_reused_by_the_next_request(database):
    _path, connect = database
    one = connect()
    one.ensure_connection()
    raw = one.connection
    one.close()
    two = connect()
    two.ensure_connection()
    assert two.connection is raw
    with two.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    two.close()


def test_an_open_transaction_is_rolled_back_before_reuse(database):
    _path, connect = database
    one = connect()
    one.ensure_connection()
    one.connection.execute("BEGIN IMMEDIATE")
    one.connection.execute("INSERT INTO t VALUES (1)")
    one.close()
    two = connect()
    with two.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone()[0] == 0
    assert not two.connection.in_transaction
    two.close()


def test_a_connection_closed_inside_an_atomic_block_is_not_pooled(database):
    _path, connect = database
    one = connect()
    one.ensure_connection()
    raw = one.connection
    one.in_atomic_block = True  # Django keeps using it until the block ends
    one.close()
    two = connect()
    two.ensure_connection()
    assert two.connection is not raw
    two.close()


def test_a_replaced_database_file_gets_new_connections(database):
    path, connect = database
    one = connect()
    one.ensure_connection()
    raw = one.connection
    one.close()
    path.unlink()
    two = connect()
    with two.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 't'")
        assert cursor.fetchone()[0] == 0  # the new, empty file
    assert two.connection is not raw
    two.close()


def test_in_memory_databases_and_pool_off_are_never_pooled(database):
    _path, connect = database
    idle_before = sum(len(idle) for idle in pool._idle.values())
    for wrapper in (connect(pool=False), connect(name=":memory:")):
        wrapper.ensure_connection()
        wrapper.close()
    assert sum(len(idle) for idle in pool._idle.values()) == idle_before
