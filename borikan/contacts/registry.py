"""Hooks other apps register in their AppConfig.ready(): timeline entries, merge handlers, and
for the data subject's rights (PDPA) what they hold of a contact and how to erase it.

Contacts must not import the apps that point at it (interactions, cases, chat …); they register
here instead, so the dependency keeps one direction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from borikan.core.models import User


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    kind: str  # "call", "interaction", "case", "chat", "appointment", "basket", "merge" …
    title: str
    summary: str = ""
    channel: str = ""
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


TimelineProvider = Callable[[Sequence[int], User, int], Iterable[TimelineItem]]
MergeHandler = Callable[[int, int], None]

_timeline_providers: list[TimelineProvider] = []
_merge_handlers: list[MergeHandler] = []


@dataclass(frozen=True)
class Identifiers:
    """How a contact can be found in records that do not point at it: its e-mails and phones
    (E.164), read before the contact itself is erased."""

    contact_ids: tuple[int, ...]
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


# `export(identifiers)` -> {section name: rows}; `erase(identifiers)` -> rows anonymised.
ExportProvider = Callable[[Identifiers], dict[str, list[dict[str, Any]]]]
ErasureHandler = Callable[[Identifiers], int]
_export_providers: list[ExportProvider] = []
_erasure_handlers: list[ErasureHandler] = []


def register_personal_data(*, export: ExportProvider, erase: ErasureHandler) -> None:
    """An app that keeps personal data of contacts says how to export it (right of access) and
    how to anonymise it (right to erasure) while keeping what statistics count."""
    if export not in _export_providers:
        _export_providers.append(export)
    if erase not in _erasure_handlers:
        _erasure_handlers.append(erase)


def export_providers() -> list[ExportProvider]:
    return list(_export_providers)


def erasure_handlers() -> list[ErasureHandler]:
    return list(_erasure_handlers)


def register_timeline_provider(provider: TimelineProvider) -> None:
    """`provider(contact_ids, user, limit)` yields the items of those contacts `user` may see."""
    if provider not in _timeline_providers:
        _timeline_providers.append(provider)


def register_merge_handler(handler: MergeHandler) -> None:
    """`handler(source_id, target_id)` repoints the app's rows when two contacts are merged."""
    if handler not in _merge_handlers:
        _merge_handlers.append(handler)


def timeline_providers() -> list[TimelineProvider]:
    return list(_timeline_providers)


def merge_handlers() -> list[MergeHandler]:
    return list(_merge_handlers)
