"""Template filters for Thai presentation; loaded as builtins (see settings.TEMPLATES)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils.translation import get_language

from borikan.core import thai
from borikan.core.conf import borikan_setting

register = template.Library()


def _thai_digits(explicit: bool | None = None) -> bool:
    return bool(borikan_setting("THAI_DIGITS")) if explicit is None else explicit


@register.filter
def thaidate(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """`{{ d|thaidate }}` → 13 เม.ย. 2569; `{{ d|thaidate:"long" }}` → 13 เมษายน 2569.

    Styles may be combined with commas: "long,time", "short,weekday".
    """
    if value in (None, ""):
        return ""
    assert value is not None
    parts = set(style.split(","))
    return thai.format_date(
        value,
        style="long" if "long" in parts else "short",
        language=get_language() or settings.LANGUAGE_CODE,
        thai_digits=_thai_digits(),
        with_time="time" in parts,
        with_weekday="weekday" in parts,
    )


@register.filter
def thaidatetime(value: dt.datetime | None, style: str = "short") -> str:
    """A date with its time: 13 เม.ย. 2569 09:30 น."""
    return thaidate(value, f"{style},time")


@register.filter
def thaidigits(value: object) -> str:
    """Writes a number or text with Thai digits: 2569 → ๒๕๖๙."""
    return thai.to_thai_digits(str(value))


@register.filter
def beyear(value: dt.date | int) -> int:
    year = value if isinstance(value, int) else value.year
    return thai.be_year(year)
