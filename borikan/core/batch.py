"""Rows a service writes several times in one transaction (audit entries, search rows), gathered
inside a block and written together at its end, in one statement."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class WriteBatch(Generic[T]):
    """`with batch():` gathers what `batch.add` is given and hands it to `write` at the end;
    nested blocks leave the writing to the outermost; if the block fails, nothing is written.
    Outside a block `add` returns False and the caller writes at once."""

    def __init__(self, name: str, write: Callable[[list[T]], None]) -> None:
        self._items: ContextVar[list[T] | None] = ContextVar(name, default=None)
        self._write = write

    @contextmanager
    def __call__(self) -> Iterator[None]:
        if self._items.get() is not None:
            yield
            return
        items: list[T] = []
        token = self._items.set(items)
        try:
            yield
        finally:
            self._items.reset(token)
        if items:
            self._write(items)

    def add(self, items: Iterable[T]) -> bool:
        gathered = self._items.get()
        if gathered is None:
            return False
        gathered.extend(items)
        return True
