"""What the booking and the lifecycle services share: events, checks, claims, step times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borikan.appointments.availability import (
    AppointmentError,
    SlotTakenError,
    grains,
    room_resource,
)
from borikan.appointments.models import (
    Appointment,
    AppointmentEvent,
    Mode,
    SlotClaim,
    Status,
    StepTime,
    VideoRoom,
)
from borikan.catalog.selectors import step_get
from borikan.core.errors import PermissionDeniedError, interpolate, text_checked
from borikan.core.models import Office, Role, User

A = AppointmentEvent.Action
SERVICE = "S3"
MAX_NAME = 100
MAX_DETAIL = 2_000
MAX_NOTE = 5_000
# The S3 steps whose real durations are recorded (catalogue keys).
STEP_ASK, STEP_BOOK, STEP_TELL = "ask_details", "record_and_book", "confirm_appointment"
# A check-in opens this long before the start.
CHECK_IN_EARLY = dt.timedelta(hours=2)


def _person(by: User | None) -> User | None:
    return by if by is not None and by.is_authenticated and by.pk else None


def _actor_name(by: User | None, actor_repr: str) -> str:
    person = _person(by)
    return (person.display_name if person is not None else actor_repr or "system")[:200]


def _event(
    appointment: Appointment,
    action: str,
    *,
    by: User | None,
    actor_repr: str = "",
    note: str = "",
) -> AppointmentEvent:
    return AppointmentEvent.objects.create(
        appointment=appointment,
        action=action,
        actor=_person(by),
        actor_repr=_actor_name(by, actor_repr),
        note=note,
        starts_at=appointment.starts_at,
    )


def _required(value: str, *, field: str, label: str | Promise, limit: int) -> str:
    return text_checked(value, field=field, label=label, limit=limit, error=AppointmentError)


def _claim(appointment: Appointment, resource: str) -> bool:
    """Holds `resource` for the appointment's time; False when any of it is taken already."""
    rows = [
        SlotClaim(resource=resource, start=start, appointment=appointment)
        for start in grains(appointment.starts_at, appointment.ends_at)
    ]
    try:
        # A savepoint: a refused claim leaves the booking's transaction usable.
        with transaction.atomic():
            SlotClaim.objects.bulk_create(rows)
    except IntegrityError:
        return False
    return True


def _officer_taken() -> SlotTakenError:
    return SlotTakenError(
        _("The officer has just been booked at this time: choose another time."),
        details={"field": "starts_at"},
    )


def _claim_room(appointment: Appointment, prefer: VideoRoom | None = None) -> None:
    """Reserves a free video room of the appointment's office (the one it had, if free)."""
    if appointment.mode != Mode.OFFICE or appointment.office is None:
        appointment.room = None
        return
    rooms = list(VideoRoom.objects.filter(office=appointment.office, is_active=True))
    if not rooms:
        raise AppointmentError(
            _("This office has no video room registered: ask an administrator to add one."),
            code="no_room",
            details={"field": "office"},
        )
    rooms.sort(key=lambda r: (prefer is None or r.pk != prefer.pk, r.pk))
    for room in rooms:
        if _claim(appointment, room_resource(room.pk)):
            appointment.room = room
            return
    raise SlotTakenError(
        _("The office's video room is booked at this time: choose another time."),
        code="room_taken",
        details={"field": "starts_at"},
    )


def _step(
    appointment: Appointment,
    key: str,
    started: dt.datetime | None,
    ended: dt.datetime,
    *,
    longest: dt.timedelta = dt.timedelta(days=60),
) -> None:
    """Records how long an S3 step took; a start that makes no sense (a form left open
    overnight, a clock ahead) records nothing rather than a false figure."""
    if started is None or started > ended or ended - started > longest:
        return
    step = step_get(service_code=SERVICE, key=key)
    standard = step.max_seconds or step.min_seconds
    seconds = (ended - started).total_seconds()
    StepTime.objects.update_or_create(
        appointment=appointment,
        step_key=key,
        defaults={
            "started_at": started,
            "ended_at": ended,
            "seconds": seconds,
            "standard_seconds": standard,
            "within_standard": None if standard is None else seconds <= standard,
        },
    )


def _locked(appointment: Appointment, expected_version: int | None = None) -> Appointment:
    fresh = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise AppointmentError(
            _(
                "Someone else changed this appointment while you were working on it. Reload "
                "it and try again; nothing was saved."
            ),
            code="conflict",
            status=409,
            details={"version": fresh.version},
        )
    return fresh


def _require_status(appointment: Appointment, allowed: Sequence[str]) -> None:
    if appointment.status not in allowed:
        raise AppointmentError(
            interpolate(
                _("Not possible for an appointment that is “%(status)s”."),
                status=Status(appointment.status).label,
            ),
            code="bad_transition",
            status=409,
            details={"status": appointment.status},
        )


def _not_started(appointment: Appointment) -> None:
    if appointment.starts_at <= timezone.now():
        raise AppointmentError(
            _("This consultation has already started: record a no-show or the outcome instead."),
            code="started",
            status=409,
        )


def may_act_as_officer(*, by: User, appointment: Appointment) -> bool:
    if by.is_administrator or by.role == Role.SUPERVISOR:
        return True
    return by.role in (Role.OFFICER, Role.DIRECTOR) and by.agency_id == appointment.agency_id


def may_act_as_staff(*, by: User, appointment: Appointment) -> bool:
    if by.sees_everything:
        return True
    if by.pk and by.pk == appointment.created_by_id:
        return True
    if appointment.office_id is None:
        # Online: the central service center's staff look after it.
        return by.office is not None and by.office.kind == Office.Kind.CENTRAL
    return bool(by.office_id) and by.office_id == appointment.office_id


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("Your role may not take this action on this appointment."))
