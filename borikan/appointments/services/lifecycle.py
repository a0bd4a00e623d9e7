"""After booking: the officer confirms or proposes, the citizen accepts, staff or the citizen move
or cancel, staff check in, record a no-show or the outcome; the reminders. One transaction each."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.appointments import notify
from borikan.appointments.availability import (
    AppointmentError,
    officer_resource,
    slot_check,
)
from borikan.appointments.meetings import meeting_provider
from borikan.appointments.models import (
    Appointment,
    Mode,
    Status,
)
from borikan.appointments.services._common import (
    CHECK_IN_EARLY,
    MAX_NOTE,
    STEP_BOOK,
    STEP_TELL,
    A,
    _check,
    _claim,
    _claim_room,
    _event,
    _locked,
    _not_started,
    _officer_taken,
    _require_status,
    _required,
    _step,
    may_act_as_officer,
    may_act_as_staff,
)
from borikan.core.models import User


def _confirm(appointment: Appointment, *, by: User | None, actor_repr: str, action: str) -> None:
    now = timezone.now()
    if appointment.starts_at <= now:
        raise AppointmentError(
            _("This time has already passed: choose a time from now on."),
            code="slot_past",
            details={"field": "starts_at"},
        )
    appointment.status = Status.CONFIRMED
    appointment.meeting_room = appointment.meeting_room or meeting_provider().room_new()
    appointment.confirmed_at = appointment.informed_at = now
    appointment.version += 1
    appointment.save()
    _event(appointment, action, by=by, actor_repr=actor_repr)
    # The confirmation below tells the citizen the date and time (S3 step 4), so it ends here.
    _step(appointment, STEP_BOOK, appointment.requested_at, now)
    _step(appointment, STEP_TELL, now, now)
    _event(appointment, A.INFORMED, by=None, actor_repr="system")
    notify.confirmed(appointment)


@transaction.atomic
def appointment_confirm(
    *, appointment: Appointment, by: User, expected_version: int | None = None
) -> Appointment:
    """The officer confirms the requested time: invitations and the meeting link go out."""
    appointment = _locked(appointment, expected_version)
    _check(may_act_as_officer(by=by, appointment=appointment))
    _require_status(appointment, [Status.REQUESTED])
    _confirm(appointment, by=by, actor_repr="", action=A.CONFIRMED)
    return appointment


def _move(appointment: Appointment, starts_at: dt.datetime) -> None:
    """Moves the appointment to another slot of its officer, claims and room included."""
    slot = slot_check(officer=appointment.officer, starts_at=starts_at)
    if slot.start == appointment.starts_at:
        raise AppointmentError(
            _("That is the time it already has: choose another time."),
            code="same_time",
            details={"field": "starts_at"},
        )
    room = appointment.room
    appointment.claims.all().delete()
    appointment.starts_at, appointment.ends_at = slot.start, slot.end
    if not _claim(appointment, officer_resource(appointment.officer_id)):
        raise _officer_taken()
    _claim_room(appointment, prefer=room)
    appointment.reminded_24h_at = appointment.reminded_1h_at = None


@transaction.atomic
def appointment_propose(
    *,
    appointment: Appointment,
    by: User,
    starts_at: dt.datetime,
    note: str = "",
    expected_version: int | None = None,
) -> Appointment:
    """The officer cannot take the requested time and proposes another of their free times."""
    appointment = _locked(appointment, expected_version)
    _check(may_act_as_officer(by=by, appointment=appointment))
    _require_status(appointment, [Status.REQUESTED, Status.PROPOSED])
    _not_started(appointment)
    note = (note or "").strip()[:MAX_NOTE]
    _move(appointment, starts_at)
    appointment.status = Status.PROPOSED
    appointment.version += 1
    appointment.save()
    _event(appointment, A.PROPOSED, by=by, note=note)
    notify.proposed(appointment, note)
    return appointment


@transaction.atomic
def appointment_accept(
    *, appointment: Appointment, by: User | None, actor_repr: str = ""
) -> Appointment:
    """The citizen (by the link) or staff accept the time the officer proposed."""
    appointment = _locked(appointment)
    if by is not None and by.pk:
        _check(may_act_as_staff(by=by, appointment=appointment))
    _require_status(appointment, [Status.PROPOSED])
    _confirm(appointment, by=by, actor_repr=actor_repr or "citizen", action=A.ACCEPTED)
    return appointment


def _still_open(
    appointment: Appointment, by: User | None, expected_version: int | None
) -> Appointment:
    """The appointment, locked, that staff, its officer or (by None) the citizen's link may
    still move or cancel: not yet started, not ended."""
    appointment = _locked(appointment, expected_version)
    if by is not None and by.pk:
        _check(
            may_act_as_staff(by=by, appointment=appointment)
            or may_act_as_officer(by=by, appointment=appointment)
        )
    _require_status(appointment, [Status.REQUESTED, Status.PROPOSED, Status.CONFIRMED])
    _not_started(appointment)
    return appointment


@transaction.atomic
def appointment_reschedule(
    *,
    appointment: Appointment,
    by: User | None,
    starts_at: dt.datetime,
    actor_repr: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Appointment:
    """Moves the appointment to another free time of the same officer. A confirmed appointment
    stays confirmed and both sides get the updated invitation (same UID, higher SEQUENCE)."""
    appointment = _still_open(appointment, by, expected_version)
    _move(appointment, starts_at)
    was_confirmed = appointment.status == Status.CONFIRMED
    if not was_confirmed:
        appointment.status = Status.REQUESTED  # the officer confirms the new time
    appointment.sequence += 1
    appointment.version += 1
    appointment.save()
    _event(
        appointment,
        A.RESCHEDULED,
        by=by,
        actor_repr=actor_repr or ("citizen" if by is None else ""),
        note=(note or "").strip()[:MAX_NOTE],
    )
    if was_confirmed:
        notify.confirmed(appointment, event="rescheduled")
    else:
        notify.requested(appointment)
    return appointment


@transaction.atomic
def appointment_cancel(
    *,
    appointment: Appointment,
    by: User | None,
    reason: str = "",
    actor_repr: str = "",
    expected_version: int | None = None,
) -> Appointment:
    """Cancels and frees the officer's and the room's time; a confirmed appointment's
    calendars get a CANCEL for the same UID."""
    appointment = _still_open(appointment, by, expected_version)
    appointment.claims.all().delete()
    appointment.status = Status.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.sequence += 1
    appointment.version += 1
    appointment.save()
    _event(
        appointment,
        A.CANCELLED,
        by=by,
        actor_repr=actor_repr or ("citizen" if by is None else ""),
        note=(reason or "").strip()[:MAX_NOTE],
    )
    notify.cancelled(appointment, was_confirmed=appointment.confirmed_at is not None)
    return appointment


@transaction.atomic
def appointment_check_in(*, appointment: Appointment, by: User) -> Appointment:
    """The citizen has come to the provincial office for the consultation."""
    appointment = _locked(appointment)
    _check(may_act_as_staff(by=by, appointment=appointment))
    _require_status(appointment, [Status.CONFIRMED])
    if appointment.mode != Mode.OFFICE:
        raise AppointmentError(
            _("An online consultation has no check-in at an office."), code="online"
        )
    now = timezone.now()
    if not appointment.starts_at - CHECK_IN_EARLY <= now <= appointment.ends_at:
        raise AppointmentError(
            _("Check-in opens two hours before the start and closes at the end."),
            code="check_in_closed",
        )
    appointment.status, appointment.checked_in_at = Status.CHECKED_IN, now
    appointment.version += 1
    appointment.save()
    _event(appointment, A.CHECKED_IN, by=by)
    return appointment


@transaction.atomic
def appointment_no_show(*, appointment: Appointment, by: User, note: str = "") -> Appointment:
    """The citizen did not come (after the start time)."""
    appointment = _locked(appointment)
    _check(
        may_act_as_staff(by=by, appointment=appointment)
        or may_act_as_officer(by=by, appointment=appointment)
    )
    _require_status(appointment, [Status.CONFIRMED])
    now = timezone.now()
    if now < appointment.starts_at:
        raise AppointmentError(
            _("A no-show can be recorded only after the start time."), code="too_early"
        )
    appointment.status, appointment.finished_at = Status.NO_SHOW, now
    appointment.version += 1
    appointment.save()
    _event(appointment, A.NO_SHOW, by=by, note=(note or "").strip()[:MAX_NOTE])
    return appointment


@transaction.atomic
def appointment_complete(*, appointment: Appointment, by: User, outcome: str) -> Appointment:
    """The consultation took place; the officer or staff record what came of it."""
    appointment = _locked(appointment)
    _check(
        may_act_as_staff(by=by, appointment=appointment)
        or may_act_as_officer(by=by, appointment=appointment)
    )
    outcome = _required(outcome, field="outcome", label=_("outcome notes"), limit=MAX_NOTE)
    allowed = [Status.CHECKED_IN] if appointment.mode == Mode.OFFICE else [Status.CONFIRMED]
    _require_status(appointment, allowed)
    now = timezone.now()
    if now < appointment.starts_at:
        raise AppointmentError(
            _("The outcome can be recorded once the consultation has started."), code="too_early"
        )
    appointment.status, appointment.finished_at, appointment.outcome = (
        Status.COMPLETED,
        now,
        outcome,
    )
    appointment.version += 1
    appointment.save()
    _event(appointment, A.COMPLETED, by=by, note=outcome)
    return appointment


@transaction.atomic
def appointment_remind(*, appointment_id: int, kind: str, now: dt.datetime) -> bool:
    """Sends the 24 h or 1 h reminder once (the flag is set in the same transaction)."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment_id)
    field = "reminded_24h_at" if kind == "24h" else "reminded_1h_at"
    if appointment.status != Status.CONFIRMED or getattr(appointment, field) is not None:
        return False
    setattr(appointment, field, now)
    appointment.save(update_fields=[field, "updated_at"])
    # Just confirmed or moved: the confirmation itself was the reminder.
    if appointment.confirmed_at and now - appointment.confirmed_at < dt.timedelta(hours=1):
        return False
    _event(appointment, A.REMINDED, by=None, actor_repr="system", note=kind)
    notify.reminder(appointment, kind=kind)
    return True
