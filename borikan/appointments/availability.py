"""When an officer can be booked: weekly windows, minus days off of the working calendar and the
officer's exceptions, minus the time already claimed. All times in Asia/Bangkok."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from borikan.appointments.models import GRAIN_MINUTES, SlotClaim, Window, WindowException
from borikan.core import calendar
from borikan.core.errors import DomainError, interpolate
from borikan.core.models import User
from borikan.core.thai import format_date

BANGKOK = ZoneInfo("Asia/Bangkok")
GRAIN = dt.timedelta(minutes=GRAIN_MINUTES)
# How far ahead a booking may be made, and how many days one slot listing may cover.
MAX_DAYS_AHEAD = 180
MAX_LIST_DAYS = 31


class AppointmentError(DomainError):
    code = "invalid_appointment"


class SlotTakenError(DomainError):
    code = "slot_taken"
    status = 409


@dataclass(frozen=True)
class Slot:
    officer_id: int
    start: dt.datetime
    end: dt.datetime


def officer_resource(officer_id: int) -> str:
    return f"officer:{officer_id}"


def room_resource(room_id: int) -> str:
    return f"room:{room_id}"


def grains(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The grain starts an appointment from `start` to `end` covers (UTC, as stored)."""
    out, at = [], start.astimezone(dt.UTC)
    while at < end:
        out.append(at)
        at += GRAIN
    return out


def local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=BANGKOK)


def _ranges_for_day(
    day: dt.date, windows: Iterable[Window], exceptions: Iterable[WindowException]
) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """(start, end, minutes per slot) of the officer's open hours on `day`."""
    if calendar.day_off_on(day=day) is not None:
        return []
    todays = [e for e in exceptions if e.date == day]
    if any(e.kind == WindowException.Kind.CLOSED and e.start is None for e in todays):
        return []
    ranges = [
        (local(day, w.start), local(day, w.end), w.slot_minutes)
        for w in windows
        if w.weekday == day.weekday()
        and (w.valid_from is None or w.valid_from <= day)
        and (w.valid_until is None or day <= w.valid_until)
    ]
    ranges += [
        (local(day, e.start), local(day, e.end), e.slot_minutes)
        for e in todays
        if e.kind == WindowException.Kind.EXTRA and e.start is not None and e.end is not None
    ]
    closed = [
        (local(day, e.start), local(day, e.end))
        for e in todays
        if e.kind == WindowException.Kind.CLOSED and e.start is not None and e.end is not None
    ]
    return [(s, e, m) for s, e, m in ranges if s < e] if not closed else _minus(ranges, closed)


def _minus(
    ranges: list[tuple[dt.datetime, dt.datetime, int]],
    closed: list[tuple[dt.datetime, dt.datetime]],
) -> list[tuple[dt.datetime, dt.datetime, int]]:
    out = []
    for start, end, minutes in ranges:
        pieces = [(start, end)]
        for c_start, c_end in closed:
            pieces = [
                piece
                for s, e in pieces
                for piece in ((s, min(e, c_start)), (max(s, c_end), e))
                if piece[0] < piece[1]
            ]
        out += [(s, e, minutes) for s, e in pieces]
    return out


def _slots_in(officer_id: int, ranges: list[tuple[dt.datetime, dt.datetime, int]]) -> list[Slot]:
    slots = []
    for start, end, minutes in ranges:
        length = dt.timedelta(minutes=minutes)
        at = start
        while at + length <= end:
            slots.append(Slot(officer_id, at, at + length))
            at += length
    return slots


def officer_slots(
    *, officer: User, start: dt.date, days: int = 7, now: dt.datetime | None = None
) -> list[Slot]:
    """The officer's free slots from `start` for `days` days, in time order."""
    days = max(1, min(days, MAX_LIST_DAYS))
    now = now or timezone.now()
    end = start + dt.timedelta(days=days)
    windows = list(Window.objects.filter(officer=officer))
    exceptions = list(
        WindowException.objects.filter(officer=officer, date__gte=start, date__lt=end)
    )
    if not windows and not exceptions:
        return []
    taken = set(
        SlotClaim.objects.filter(
            resource=officer_resource(officer.pk),
            start__gte=local(start, dt.time()),
            start__lt=local(end, dt.time()),
        ).values_list("start", flat=True)
    )
    horizon = now + dt.timedelta(days=MAX_DAYS_AHEAD)
    free = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        if not calendar.MIN_DATE <= day <= calendar.MAX_DATE:
            continue
        for slot in _slots_in(officer.pk, _ranges_for_day(day, windows, exceptions)):
            if slot.start <= now or slot.start > horizon:
                continue
            if any(g in taken for g in grains(slot.start, slot.end)):
                continue
            free.append(slot)
    return sorted(free, key=lambda s: s.start)


def _call(function: Callable[[], str]) -> str:
    return function()


_lazy_call = lazy(_call, str)


def lazy_str(function: Callable[[], str]) -> str:
    """A string computed when it is rendered, in the language active then."""
    return _lazy_call(function)


def slot_check(*, officer: User, starts_at: dt.datetime, now: dt.datetime | None = None) -> Slot:
    """The slot of `officer` starting at `starts_at`, or a clear refusal (past, too far ahead,
    a day off, outside the officer's hours). Whether it is still free is left to the claim."""
    now = now or timezone.now()
    if timezone.is_naive(starts_at):
        starts_at = starts_at.replace(tzinfo=BANGKOK)
    starts_at = starts_at.astimezone(BANGKOK)
    if starts_at <= now:
        raise AppointmentError(
            _("This time has already passed: choose a time from now on."),
            code="slot_past",
            details={"field": "starts_at"},
        )
    if starts_at > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise AppointmentError(
            interpolate(
                _("Consultations can be booked at most %(days)s days ahead."), days=MAX_DAYS_AHEAD
            ),
            code="slot_too_far",
            details={"field": "starts_at"},
        )
    day = starts_at.date()
    off = calendar.day_off_on(day=day)
    if off is not None:
        raise AppointmentError(
            interpolate(
                _("%(date)s is not a working day (%(reason)s): choose another day."),
                # Lazy, so each language writes the date and the holiday's name its own way.
                date=lazy_str(lambda: format_date(day, language=get_language() or "th")),
                reason=lazy_str(lambda: off.reason_in(get_language() or "th")),
            ),
            code="day_off",
            details={"field": "starts_at", "date": day.isoformat(), "reason_en": off.reason_en},
        )
    windows = list(Window.objects.filter(officer=officer, weekday=day.weekday()))
    exceptions = list(WindowException.objects.filter(officer=officer, date=day))
    for slot in _slots_in(officer.pk, _ranges_for_day(day, windows, exceptions)):
        if slot.start == starts_at:
            return slot
    raise AppointmentError(
        _(
            "The officer does not take consultations at this time: choose one of the free "
            "times shown."
        ),
        code="outside_availability",
        details={"field": "starts_at"},
    )


def officers_with_hours(*, officers: Iterable[User]) -> list[User]:
    ids = [o.pk for o in officers]
    with_hours = set(
        Window.objects.filter(officer_id__in=ids).values_list("officer_id", flat=True)
    ) | set(
        WindowException.objects.filter(
            Q(officer_id__in=ids), kind=WindowException.Kind.EXTRA
        ).values_list("officer_id", flat=True)
    )
    return [o for o in officers if o.pk in with_hours]
