"""Writes of officers' availability: weekly windows, exceptions, the secret feed address."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borikan.appointments.availability import GRAIN, AppointmentError, lazy_str
from borikan.appointments.models import CalendarFeed, Weekday, Window, WindowException
from borikan.core import calendar
from borikan.core.errors import PermissionDeniedError, interpolate
from borikan.core.models import AuditEntry, Role, User
from borikan.core.services import audit_record
from borikan.core.tokens import secret_new

SLOT_CHOICES = (15, 30, 45, 60, 90)


def _audit(by: User, action: str, obj: Window | WindowException) -> None:
    # An API token acts as an unsaved integration user: recorded by name, not by row.
    audit_record(actor=by if by.pk else None, actor_repr=by.get_username(), action=action, obj=obj)


def _may_edit(*, by: User, officer: User) -> None:
    if by.pk == officer.pk or by.is_administrator or by.role == Role.SUPERVISOR:
        return
    raise PermissionDeniedError(_("Only the officer or an administrator may change these hours."))


def _check_officer(officer: User) -> None:
    if officer.role != Role.OFFICER or not officer.is_active:
        raise AppointmentError(
            _("Only an active agency officer publishes consultation hours."),
            code="not_an_officer",
            details={"field": "officer"},
        )


def _on_grid(value: dt.time) -> bool:
    minutes = value.hour * 60 + value.minute
    return value.second == 0 and minutes % int(GRAIN.total_seconds() // 60) == 0


def _check_times(start: dt.time, end: dt.time, slot_minutes: int) -> None:
    if slot_minutes not in SLOT_CHOICES:
        raise AppointmentError(
            _("Choose 15, 30, 45, 60 or 90 minutes per consultation."),
            code="bad_slot_length",
            details={"field": "slot_minutes"},
        )
    if not (_on_grid(start) and _on_grid(end)):
        raise AppointmentError(
            _("Times go in steps of 15 minutes (e.g. 09:00, 09:15, 09:30)."),
            code="bad_time",
            details={"field": "start"},
        )
    length = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if length < slot_minutes:
        raise AppointmentError(
            _("The end must come after the start, with room for at least one consultation."),
            code="bad_range",
            details={"field": "end"},
        )


def _overlap(other: Window) -> AppointmentError:
    return AppointmentError(
        interpolate(
            _("These hours overlap the window %(window)s: change or remove that one first."),
            window=lazy_str(lambda: str(other)),  # the weekday in the reader's language
        ),
        code="window_overlap",
        status=409,
        details={"field": "start", "window": other.pk},
    )


def _overlaps(a_start: dt.time, a_end: dt.time, b_start: dt.time, b_end: dt.time) -> bool:
    return a_start < b_end and b_start < a_end


def _periods_meet(
    a_from: dt.date | None, a_until: dt.date | None, b_from: dt.date | None, b_until: dt.date | None
) -> bool:
    low = max(a_from or dt.date.min, b_from or dt.date.min)
    high = min(a_until or dt.date.max, b_until or dt.date.max)
    return low <= high


@transaction.atomic
def window_add(
    *,
    by: User,
    officer: User,
    weekday: int,
    start: dt.time,
    end: dt.time,
    slot_minutes: int = 30,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Window:
    """Publishes a weekly window; refuses one that overlaps another of the same officer."""
    _may_edit(by=by, officer=officer)
    _check_officer(officer)
    if weekday not in Weekday.values:
        raise AppointmentError(_("Choose a weekday."), details={"field": "weekday"})
    _check_times(start, end, slot_minutes)
    if valid_from and valid_until and valid_until < valid_from:
        raise AppointmentError(
            _("“Valid until” comes before “valid from”."),
            code="bad_range",
            details={"field": "valid_until"},
        )
    # Locks the officer's windows (PostgreSQL) so two overlapping adds cannot both pass.
    same_day = list(Window.objects.select_for_update().filter(officer=officer, weekday=weekday))
    for other in same_day:
        if _overlaps(start, end, other.start, other.end) and _periods_meet(
            valid_from, valid_until, other.valid_from, other.valid_until
        ):
            raise _overlap(other)
    window = Window.objects.create(
        officer=officer,
        weekday=weekday,
        start=start,
        end=end,
        slot_minutes=slot_minutes,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    _audit(by, AuditEntry.Action.CREATE, window)
    return window


@transaction.atomic
def window_remove(*, by: User, window: Window) -> None:
    """Removes a weekly window; appointments already booked in it stay."""
    _may_edit(by=by, officer=window.officer)
    _audit(by, AuditEntry.Action.DELETE, window)
    window.delete()


@transaction.atomic
def exception_add(
    *,
    by: User,
    officer: User,
    date: dt.date,
    kind: str = WindowException.Kind.CLOSED,
    start: dt.time | None = None,
    end: dt.time | None = None,
    slot_minutes: int = 30,
    note: str = "",
) -> WindowException:
    """A day away (whole or some hours) or extra hours on one date."""
    _may_edit(by=by, officer=officer)
    _check_officer(officer)
    calendar.check_date(date)
    if kind not in WindowException.Kind.values:
        raise AppointmentError(_("Choose away or extra hours."), details={"field": "kind"})
    if (start is None) != (end is None):
        raise AppointmentError(
            _("Give both times, or neither for the whole day."),
            code="bad_range",
            details={"field": "end"},
        )
    if kind == WindowException.Kind.EXTRA and start is None:
        raise AppointmentError(
            _("Extra hours need a start and an end time."),
            code="bad_range",
            details={"field": "start"},
        )
    if start is not None and end is not None:
        _check_times(start, end, slot_minutes if kind == WindowException.Kind.EXTRA else 15)
    if kind == WindowException.Kind.EXTRA and calendar.day_off_on(day=date) is not None:
        raise AppointmentError(
            _("This date is not a working day: consultations are closed on days off."),
            code="day_off",
            details={"field": "date"},
        )
    exception = WindowException.objects.create(
        officer=officer,
        date=date,
        kind=kind,
        start=start,
        end=end,
        slot_minutes=slot_minutes,
        note=note.strip()[:200],
    )
    _audit(by, AuditEntry.Action.CREATE, exception)
    return exception


@transaction.atomic
def exception_remove(*, by: User, exception: WindowException) -> None:
    _may_edit(by=by, officer=exception.officer)
    _audit(by, AuditEntry.Action.DELETE, exception)
    exception.delete()


@transaction.atomic
def calendar_feed_renew(*, officer: User) -> str:
    """A new secret feed address token for the officer (the old one stops working)."""
    token, token_hash = secret_new("f")
    CalendarFeed.objects.update_or_create(officer=officer, defaults={"token_hash": token_hash})
    audit_record(actor=officer, action=AuditEntry.Action.UPDATE, object_type="calendar_feed")
    return token
