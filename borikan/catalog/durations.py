"""Standard durations written out the way the ministry's guides write them.

Both languages are produced on purpose, whatever language is active: the API returns both, and a
guide printed in Thai must say "5–20 นาที" even when the clerk's screen is in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["th", "en"]

EN_DASH = "–"
NO_STANDARD = "–"  # the seeds' own mark for a step without a standard time

_UNITS: dict[Language, dict[str, tuple[str, str]]] = {
    # unit: (singular, plural)
    "th": {"s": ("วินาที", "วินาที"), "min": ("นาที", "นาที"), "wd": ("วันทำการ", "วันทำการ")},
    "en": {
        "s": ("second", "seconds"),
        "min": ("minute", "minutes"),
        "wd": ("working day", "working days"),
    },
}


def _unit(language: Language, unit: str, count: int) -> str:
    singular, plural = _UNITS[language][unit]
    return singular if count == 1 else plural


def _seconds(seconds: int, language: Language) -> str:
    """90 → "1 นาที 30 วินาที"; 300 → "5 นาที"; 30 → "30 วินาที"."""
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} {_unit(language, 'min', minutes)}")
    if rest or not minutes:
        parts.append(f"{rest} {_unit(language, 's', rest)}")
    return " ".join(parts)


def format_seconds_range(low: int, high: int, *, language: Language) -> str:
    """A range the way the seeds write it: "5–20 นาที", one unit after both numbers if possible."""
    if low == high:
        return _seconds(low, language)
    if low % 60 == 0 and high % 60 == 0:
        return f"{low // 60}{EN_DASH}{high // 60} {_unit(language, 'min', high // 60)}"
    if high < 60:
        return f"{low}{EN_DASH}{high} {_unit(language, 's', high)}"
    return f"{_seconds(low, language)} {EN_DASH} {_seconds(high, language)}"


def format_working_days(days: int, *, language: Language) -> str:
    return f"{days} {_unit(language, 'wd', days)}"


@dataclass(frozen=True)
class Standard:
    """A standard time: a range of seconds, a number of working days, or both (for a total)."""

    min_seconds: int | None = None
    max_seconds: int | None = None
    working_days: int | None = None

    @property
    def is_set(self) -> bool:
        return self.min_seconds is not None or bool(self.working_days)

    def text(self, *, language: Language) -> str:
        parts = []
        if self.min_seconds is not None:
            high = self.max_seconds if self.max_seconds is not None else self.min_seconds
            parts.append(format_seconds_range(self.min_seconds, high, language=language))
        if self.working_days:
            parts.append(format_working_days(self.working_days, language=language))
        return " + ".join(parts) if parts else NO_STANDARD
