"""The Thai working calendar: which days are worked, and N working days after a date.

A day is not worked when it is a Saturday or Sunday, a Thai public or government holiday (the
`holidays` package, categories PUBLIC and GOVERNMENT, substitution days included), or a special
day off announced by the cabinet and entered by an administrator (`SpecialDayOff`) — unless an
administrator entered it as worked (`SpecialDayOff.worked`): the package lists National Labour
Day, which government offices may work, and a Saturday may be worked in exchange for a bridge day.

The package's holidays never change while a process runs, so they are kept per year in the
process; the special days off live in the shared cache per year and are forgotten by
`days_off_changed` whenever one is added, changed or removed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import holidays
from django.core.cache import cache
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, interpolate
from borikan.core.models import SpecialDayOff
from borikan.core.thai import format_date

# The package knows Thai holidays up to 2100 (it lists none after); before 1950 its history is
# patchy. Outside this range a due date would silently skip no holiday, so it is refused.
MIN_YEAR = 1950
MAX_YEAR = 2100
MIN_DATE = dt.date(MIN_YEAR, 1, 1)
MAX_DATE = dt.date(MAX_YEAR, 12, 31)
# Ten years of working days is far beyond any service standard; more is a typo.
MAX_DAYS = 3650
# Counting between two dates is limited to what 3650 working days can span (about 15 years).
MAX_SPAN_DAYS = 20 * 366

# Special days off: a safety net for rows changed outside the services and the admin (a shell,
# a fixture), so a stale cache heals itself.
_CACHE_TIMEOUT = 60 * 60
_CACHE_KEY = "borikan:calendar:entries:{year}"

_WEEKEND_TH = {5: "วันเสาร์", 6: "วันอาทิตย์"}
_WEEKEND_EN = {5: "Saturday", 6: "Sunday"}


class DayKind(models.TextChoices):
    WEEKEND = "weekend", _("Weekend")
    PUBLIC = "public", _("Public holiday")
    GOVERNMENT = "government", _("Government holiday")
    SPECIAL = "special", _("Special day off")


@dataclass(frozen=True)
class DayOff:
    """A day that is not worked, with why in Thai (`reason`) and English (`reason_en`)."""

    date: dt.date
    kind: DayKind
    reason: str
    reason_en: str

    def reason_in(self, language: str) -> str:
        return self.reason_en if language.startswith("en") else self.reason

    @property
    def label(self) -> str:
        """The reason in the active language, for templates."""
        return self.reason_in(get_language() or "th")

    @property
    def kind_label(self) -> str:
        return str(self.kind.label)

    @property
    def is_special(self) -> bool:
        return self.kind == DayKind.SPECIAL


def _is_english(language: str) -> bool:
    return language.startswith("en")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _skipped_text(skipped: Iterable[DayOff], *, language: str) -> str:
    """Weekends counted, every other day off named with its date."""
    skipped = list(skipped)
    en = _is_english(language)
    if not skipped:
        return "no days off in between" if en else "ไม่มีวันหยุดคั่น"
    weekends = sum(1 for d in skipped if d.kind == DayKind.WEEKEND)
    parts = []
    if weekends:
        parts.append(_plural(weekends, "weekend day") if en else f"เสาร์–อาทิตย์ {weekends} วัน")
    parts += [
        f"{format_date(d.date, language=language)} {d.reason_in(language)}"
        for d in skipped
        if d.kind != DayKind.WEEKEND
    ]
    if en:
        return f"skipping {_plural(len(skipped), 'day')} off: " + "; ".join(parts)
    return f"ข้ามวันหยุด {len(skipped)} วัน: " + "; ".join(parts)


def _long_date(day: dt.date, language: str) -> str:
    return format_date(day, language=language, with_weekday=True)


@dataclass(frozen=True)
class WorkingDaysResult:
    """`days` working days after `start` end on `end`; `skipped` are the days off passed over."""

    start: dt.date
    days: int
    end: dt.date
    skipped: tuple[DayOff, ...] = field(default=())

    @property
    def explanation_text(self) -> str:
        """The explanation in the active language, for templates."""
        return self.explanation(get_language() or "th")

    def explanation(self, language: str = "th") -> str:
        start, end = _long_date(self.start, language), _long_date(self.end, language)
        skipped = _skipped_text(self.skipped, language=language)
        if _is_english(language):
            return f"{_plural(self.days, 'working day')} from {start} end on {end}, {skipped}."
        return f"{self.days} วันทำการนับจาก{start} ครบกำหนด{end} โดย{skipped}"


@dataclass(frozen=True)
class WorkingDaysBetweenResult:
    """`days` working days lie after `start` up to and including `end` (negative when `end` is
    before `start`); `skipped` are the days off in that span."""

    start: dt.date
    end: dt.date
    days: int
    skipped: tuple[DayOff, ...] = field(default=())

    def explanation(self, language: str = "th") -> str:
        start, end = _long_date(self.start, language), _long_date(self.end, language)
        skipped = _skipped_text(self.skipped, language=language)
        count = abs(self.days)
        if _is_english(language):
            text = f"From {start} to {end}: {_plural(count, 'working day')}, {skipped}."
            if self.days < 0:
                text += f" The end is before the start, so the count is negative ({self.days})."
            return text
        text = f"จาก{start} ถึง{end} มี {count} วันทำการ โดย{skipped}"
        if self.days < 0:
            text += f" (วันสิ้นสุดอยู่ก่อนวันเริ่มต้น จึงนับเป็นค่าลบ {self.days})"
        return text


# ---------------------------------------------------------------------------------------------
# Validation


def check_date(day: dt.date, *, field_name: str = "date") -> None:
    """Refuses a date the holiday data does not cover (DomainError `date_out_of_range`)."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise DomainError(
            interpolate(
                _("The calendar covers %(min)s to %(max)s only: %(date)s is outside it."),
                min=MIN_DATE.isoformat(),
                max=MAX_DATE.isoformat(),
                date=day.isoformat(),
            ),
            code="date_out_of_range",
            details={
                "field": field_name,
                "min": MIN_DATE.isoformat(),
                "max": MAX_DATE.isoformat(),
            },
        )


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            interpolate(
                _("The calendar covers the years %(min)s to %(max)s only."),
                min=MIN_YEAR,
                max=MAX_YEAR,
            ),
            code="year_out_of_range",
            details={"field": "year", "min": MIN_YEAR, "max": MAX_YEAR},
        )


def _check_days(days: int) -> None:
    message: str | Promise
    if days < 0:
        message = _("The number of working days cannot be negative.")
    elif days > MAX_DAYS:
        message = interpolate(
            _("At most %(max)s working days can be counted; %(days)s is too many."),
            max=MAX_DAYS,
            days=days,
        )
    else:
        return
    raise DomainError(
        message,
        code="days_out_of_range",
        details={"field": "days", "min": 0, "max": MAX_DAYS},
    )


# ---------------------------------------------------------------------------------------------
# Days off per year, cached


@functools.lru_cache(maxsize=MAX_YEAR - MIN_YEAR + 1)
def _package_days_off(year: int) -> dict[dt.date, tuple[tuple[DayKind, str, str], ...]]:
    """The `holidays` package's days off of one year: (kind, Thai name, English name) each."""
    found: dict[dt.date, list[tuple[DayKind, str, str]]] = {}
    for kind, category in (
        (DayKind.PUBLIC, holidays.PUBLIC),
        (DayKind.GOVERNMENT, holidays.GOVERNMENT),
    ):
        names_th = holidays.country_holidays(
            "TH", years=year, categories=(category,), language="th"
        )
        names_en = holidays.country_holidays(
            "TH", years=year, categories=(category,), language="en_US"
        )
        for day, name_th in names_th.items():
            # A substitution day for last December's holiday may be listed; each year owns its own.
            if day.year == year:
                found.setdefault(day, []).append((kind, name_th, names_en.get(day) or name_th))
    return {day: tuple(entries) for day, entries in found.items()}


# An administrator's entry: Thai and English names (Thai when there is no English), worked.
_Entry = tuple[str, str, bool]


def _special_days_off(year: int) -> dict[dt.date, _Entry]:
    """The administrators' entries of one year: special days off and worked days."""
    key = _CACHE_KEY.format(year=year)
    cached: dict[dt.date, _Entry] | None = cache.get(key)
    if cached is None:
        rows = SpecialDayOff.objects.filter(date__year=year).values_list(
            "date", "name_th", "name_en", "worked"
        )
        cached = {
            day: (name_th, name_en or name_th, worked) for day, name_th, name_en, worked in rows
        }
        cache.set(key, cached, _CACHE_TIMEOUT)
    return cached


@dataclass(frozen=True)
class _Year:
    """One year's days off (one entry per date) and the days worked against the rule."""

    off: dict[dt.date, DayOff]
    worked: dict[dt.date, tuple[str, str]]


# Per year: the entries a merge was made from, and the merge. Due dates are computed for every
# case opened and listed, and the entries change a few times a year.
_merged: dict[int, tuple[dict[dt.date, _Entry], _Year]] = {}


def _year(year: int) -> _Year:
    """Holidays, special days off and worked days of one year (not to be changed: the same
    object is handed out until the year's entries change).

    A date that is both a holiday and a special day off keeps every name; its kind is special
    when an administrator entered it (so it can be found and removed), else public, else
    government. A worked date is no day off, whatever the package says.
    """
    special = _special_days_off(year)
    known = _merged.get(year)
    if known is not None and known[0] == special:
        return known[1]
    result = _merge_days_off(year, special)
    _merged[year] = (special, result)
    return result


def _year_days_off(year: int) -> dict[dt.date, DayOff]:
    return _year(year).off


def _merge_days_off(year: int, special: dict[dt.date, _Entry]) -> _Year:
    merged: dict[dt.date, list[tuple[DayKind, str, str]]] = {
        day: list(entries) for day, entries in _package_days_off(year).items()
    }
    worked: dict[dt.date, tuple[str, str]] = {}
    for day, (name_th, name_en, is_worked) in special.items():
        if is_worked:
            worked[day] = (name_th, name_en)
            merged.pop(day, None)
        else:
            merged.setdefault(day, []).append((DayKind.SPECIAL, name_th, name_en))
    result = {day: _one_day_off(day, entries) for day, entries in merged.items()}
    return _Year(off=result, worked=worked)


def _one_day_off(day: dt.date, entries: Iterable[tuple[DayKind, str, str]]) -> DayOff:
    """One date's entries as one day off: every name kept, the kind the first of special,
    public, government that it has."""
    entries = list(entries)
    kinds = {kind for kind, _th, _en in entries}
    kind = next(k for k in (DayKind.SPECIAL, DayKind.PUBLIC, DayKind.GOVERNMENT) if k in kinds)
    names_th = list(dict.fromkeys(th for _kind, th, _en in entries))
    names_en = list(dict.fromkeys(en for _kind, _th, en in entries))
    return DayOff(day, kind, "; ".join(names_th), "; ".join(names_en))


def _weekend_day(day: dt.date) -> DayOff | None:
    if day.weekday() < 5:
        return None
    return DayOff(day, DayKind.WEEKEND, _WEEKEND_TH[day.weekday()], _WEEKEND_EN[day.weekday()])


def days_off_changed(*, years: Iterable[int]) -> None:
    """Forgets the cached special days off of these years; call after adding, changing or
    removing one."""
    keys = [_CACHE_KEY.format(year=year) for year in set(years)]
    cache.delete_many(keys)
    # Again after commit: a reader in another process may have cached the old rows meanwhile.
    transaction.on_commit(lambda: cache.delete_many(keys))


class _Lookup:
    """Whether a day is worked, fetching each year's days off once per computation."""

    def __init__(self) -> None:
        self._years: dict[int, _Year] = {}

    def day_off(self, day: dt.date) -> DayOff | None:
        year = self._years.get(day.year)
        if year is None:
            year = self._years[day.year] = _year(day.year)
        if day in year.worked:
            return None
        return year.off.get(day) or _weekend_day(day)


# ---------------------------------------------------------------------------------------------
# Public functions


def working_days_add(*, start: dt.date, days: int) -> WorkingDaysResult:
    """The date `days` working days after `start` (the start is not counted; 0 gives the start)."""
    check_date(start, field_name="start")
    _check_days(days)
    lookup = _Lookup()
    day, counted, skipped = start, 0, []
    while counted < days:
        day += dt.timedelta(days=1)
        if day > MAX_DATE:
            raise DomainError(
                interpolate(
                    _("The result would fall after %(max)s, beyond what the calendar covers."),
                    max=MAX_DATE.isoformat(),
                ),
                code="date_out_of_range",
                details={"field": "days", "max": MAX_DATE.isoformat()},
            )
        off = lookup.day_off(day)
        if off is None:
            counted += 1
        else:
            skipped.append(off)
    return WorkingDaysResult(start=start, days=days, end=day, skipped=tuple(skipped))


def working_days_between(*, start: dt.date, end: dt.date) -> WorkingDaysBetweenResult:
    """Working days after `start` up to and including `end`.

    When `end` is before `start` the count is negative: minus the working days after `end` up to
    and including `start`, so `between(a, b) == -between(b, a)`, and
    `between(start, working_days_add(start=start, days=n).end) == n`.
    """
    check_date(start, field_name="start")
    check_date(end, field_name="end")
    if abs((end - start).days) > MAX_SPAN_DAYS:
        raise DomainError(
            interpolate(
                _("At most %(max)s calendar days apart can be counted."), max=MAX_SPAN_DAYS
            ),
            code="span_out_of_range",
            details={"field": "end", "max_calendar_days": MAX_SPAN_DAYS},
        )
    low, high, sign = (start, end, 1) if end >= start else (end, start, -1)
    lookup = _Lookup()
    counted, skipped = 0, []
    for offset in range(1, (high - low).days + 1):
        day = low + dt.timedelta(days=offset)
        off = lookup.day_off(day)
        if off is None:
            counted += 1
        else:
            skipped.append(off)
    return WorkingDaysBetweenResult(
        start=start, end=end, days=sign * counted, skipped=tuple(skipped)
    )


def is_working_day(*, day: dt.date) -> bool:
    check_date(day, field_name="day")
    return _Lookup().day_off(day) is None


def day_off_on(*, day: dt.date) -> DayOff | None:
    """Why `day` is not worked (weekend, holiday or special day off), or None when it is."""
    check_date(day, field_name="day")
    return _Lookup().day_off(day)


def days_off(*, year: int) -> list[DayOff]:
    """The holidays and special days off of a year, by date (weekends are not listed, nor the
    holidays an administrator entered as worked)."""
    check_year(year)
    return sorted(_year_days_off(year).values(), key=lambda d: d.date)


@dataclass(frozen=True)
class WorkedDay:
    """A holiday or weekend day the offices work, as an administrator entered it; `overrides`
    is what the day would otherwise be (a holiday's names, or the weekday)."""

    date: dt.date
    reason: str
    reason_en: str
    overrides: DayOff

    @property
    def label(self) -> str:
        return self.reason_en if (get_language() or "th").startswith("en") else self.reason


def worked_days(*, year: int) -> list[WorkedDay]:
    """The days of a year that are worked although a holiday or a weekend, by date."""
    check_year(year)
    found = []
    for day, (name_th, name_en) in sorted(_year(year).worked.items()):
        overrides = _rule_day_off(day)
        if overrides is not None:
            found.append(WorkedDay(day, name_th, name_en, overrides))
    return found


def _rule_day_off(day: dt.date) -> DayOff | None:
    """What `day` is by the package and the weekend alone, ignoring administrators' entries."""
    entries = _package_days_off(day.year).get(day)
    return _one_day_off(day, entries) if entries else _weekend_day(day)


def rule_day_off(*, day: dt.date) -> DayOff | None:
    """Whether `day` is a holiday or weekend by the rule (what a worked entry may override)."""
    check_date(day, field_name="date")
    return _rule_day_off(day)
