"""The SQLite backend's per-process pool: a request's connection is reused by the next one,
clean, and never across a transaction, a replaced database file or an in-memory database; and
the process's writers queue on a lock of their own and take turns on one connection."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from django.db import OperationalError
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
        for connection, *_when in idle:
            connection.close()
    pool._idle.clear()
    for writer in pool._writers.values():
        if writer.connection is not None:
            writer.connection.close()
            writer.connection = None
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


def test_a_replaced_database_file_gets_new_connections(database, monkeypatch):
    path, connect = database
    # Checked when a connection was idle a while (not within the second, as under load).
    monkeypatch.setattr(pool, "RECHECK_AFTER_SECONDS", 0)
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


def test_a_connection_that_had_foreign_keys_off_is_not_pooled(database):
    _path, connect = database
    one = connect()
    one.ensure_connection()
    raw = one.connection
    one.disable_constraint_checking()  # what a schema change does
    one.enable_constraint_checking()
    one.close()
    two = connect()
    two.ensure_connection()
    assert two.connection is not raw
    two.close()


def test_in_memory_databases_and_pool_off_are_never_pooled(database):
    _path, connect = database
    idle_before = sum(len(idle) for idle in pool._idle.values())
    for wrapper in (connect(pool=False), connect(name=":memory:")):
        wrapper.ensure_connection()
        wrapper.close()
    assert sum(len(idle) for idle in pool._idle.values()) == idle_before


def _begin(wrapper):
    """What transaction.atomic() does on entering (these wrappers are outside django.db)."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(wrapper, *, commit: bool):
    wrapper.commit() if commit else wrapper.rollback()
    wrapper.set_autocommit(True)


def test_writers_of_one_process_queue_and_the_next_starts_when_the_first_ends(database):
    _path, connect = database
    first = connect(transaction_mode="IMMEDIATE")
    _begin(first)
    first.connection.execute("INSERT INTO t VALUES (1)")
    started = threading.Event()

    def second_writer():
        second = connect(transaction_mode="IMMEDIATE")
        _begin(second)
        started.set()
        second.connection.execute("INSERT INTO t VALUES (2)")
        _end(second, commit=True)
        second.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert not started.wait(0.3)  # queued behind the first transaction
    _end(first, commit=True)
    assert started.wait(5)
    thread.join(5)
    with first.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]
    first.close()


def test_the_queue_is_released_by_rollback_close_and_a_failed_begin(database):
    _path, connect = database
    one = connect(transaction_mode="IMMEDIATE")
    _begin(one)
    _end(one, commit=False)
    _begin(one)
    one.close()  # closing ends the transaction
    two = connect(transaction_mode="IMMEDIATE")
    _begin(two)  # would wait WRITER_WAIT_SECONDS if anything above had kept the lock
    # The same thread writing through a second connection does not wait for itself (SQLite
    # then refuses it, as it would have anyway).
    three = connect(transaction_mode="IMMEDIATE", timeout=0.1)
    with pytest.raises((OperationalError, sqlite3.OperationalError)):
        _begin(three)
    assert three._writer is None
    _end(two, commit=True)
    _begin(three)
    _end(three, commit=True)
    for wrapper in (two, three):
        wrapper.close()


def _in_thread(call):
    """Runs call in another thread (another request) and returns what it returned."""
    result = []
    thread = threading.Thread(target=lambda: result.append(call()))
    thread.start()
    thread.join(10)
    return result[0]


def test_write_transactions_take_turns_on_one_warm_connection(database):
    _path, connect = database

    def write(n):
        wrapper = connect(transaction_mode="IMMEDIATE")
        wrapper.ensure_connection()
        own = wrapper.connection
        _begin(wrapper)
        used = wrapper.connection
        used.execute("INSERT INTO t VALUES (?)", [n])
        _end(wrapper, commit=True)
        assert wrapper.connection is own  # its own again, for reads and for the pool
        wrapper.close()
        return own, used

    first_own, first_used = _in_thread(lambda: write(1))
    second_own, second_used = _in_thread(lambda: write(2))
    assert first_used is second_used
    assert first_used not in (first_own, second_own)
    reader = connect()
    with reader.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]
    reader.close()


def test_a_transaction_cut_short_leaves_the_shared_connection_clean(database):
    _path, connect = database
    one = connect(transaction_mode="IMMEDIATE")
    _begin(one)
    shared = one.connection
    shared.execute("INSERT INTO t VALUES (1)")
    one.in_atomic_block = True  # closed inside the block, as Django does on a lost request
    one.close()
    assert not shared.in_transaction
    two = connect(transaction_mode="IMMEDIATE")
    _begin(two)  # the lock was released with the connection
    assert two.connection is shared
    two.connection.execute("INSERT INTO t VALUES (2)")
    _end(two, commit=True)
    with two.cursor() as cursor:
        cursor.execute("SELECT n FROM t")
        assert cursor.fetchall() == [(2,)]
    two.close()


def test_schema_changes_and_in_memory_databases_write_on_their_own_connection(database):
    _path, connect = database
    schema = connect(transaction_mode="IMMEDIATE")
    schema.ensure_connection()
    own = schema.connection
    schema.disable_constraint_checking()  # a migration: foreign keys off on this connection
    _begin(schema)
    assert schema.connection is own
    _end(schema, commit=True)
    schema.enable_constraint_checking()
    schema.close()
    memory = connect(name=":memory:", transaction_mode="IMMEDIATE")
    memory.ensure_connection()
    own = memory.connection
    _begin(memory)
    assert memory.connection is own
    _end(memory, commit=True)
    memory.close()


def test_a_replaced_database_file_gets_a_new_shared_connection(database, monkeypatch):
    path, connect = database
    monkeypatch.setattr(pool, "RECHECK_AFTER_SECONDS", 0)
    one = connect(transaction_mode="IMMEDIATE")
    _begin(one)
    old = one.connection
    _end(one, commit=True)
    one.close()
    path.unlink()
    two = connect(transaction_mode="IMMEDIATE")
    _begin(two)
    assert two.connection is not old
    two.connection.execute("CREATE TABLE fresh (n INTEGER)")
    _end(two, commit=True)
    with two.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        assert cursor.fetchall() == [("fresh",)]
    two.close()


def test_placeholders_are_converted_as_django_does_however_often_a_statement_runs(database):
    _path, connect = database
    wrapper = connect()
    with wrapper.cursor() as cursor:
        for n in (1, 2):  # the second time from the remembered conversion
            cursor.execute("SELECT '%%s', %s, '100%%'", [n])
            assert cursor.fetchone() == ("%s", n, "100%")
        cursor.execute("SELECT %(a)s, %(b)s", {"a": 1, "b": "x"})
        assert cursor.fetchone() == (1, "x")
        many = ", ".join(["%s"] * 1_500)  # too long to remember, converted all the same
        cursor.execute(f"SELECT count(*) FROM (VALUES ({many}))", [1] * 1_500)
        assert cursor.fetchone() == (1,)
    wrapper.close()
