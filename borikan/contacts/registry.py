"""Hooks other apps register in their AppConfig.ready(): timeline entries and merge handlers.

Contacts must not import the apps that point at it (interactions, cases, chat …); they register
here instead, so the dependency keeps one direction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

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
