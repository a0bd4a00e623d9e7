"""Writes of appointments (SPEC S3): book, confirm, propose, accept, reschedule, cancel, check in,
no-show, outcome. Each runs in one transaction; the time is held by SlotClaim rows, whose unique
constraint refuses a second booking of the same officer or room even when two requests race."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borikan.appointments import notify
from borikan.appointments.availability import (
    AppointmentError,
    SlotTakenError,
    grains,
    officer_resource,
    room_resource,
    slot_check,
)
from borikan.appointments.meetings import meeting_provider
from borikan.appointments.models import (
    Appointment,
    AppointmentEvent,
    Mode,
    SlotClaim,
    Status,
    StepTime,
    Topic,
    Via,
    VideoRoom,
)
from borikan.catalog.selectors import step_get
from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact
from borikan.contacts.selectors import contact_get_by_phone
from borikan.contacts.services import contact_create
from borikan.core.errors import PermissionDeniedError, interpolate
from borikan.core.models import AuditEntry, Office, Role, User
from borikan.core.services import audit_record

A = AppointmentEvent.Action
SERVICE = "S3"
MAX_NAME = 100
MAX_DETAIL = 2_000
MAX_NOTE = 5_000
# Read aloud over the phone: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
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
    value = (value or "").strip()
    if not value:
        raise AppointmentError(
            interpolate(_("Fill in the %(field)s."), field=label),
            code="required",
            details={"field": field},
        )
    if len(value) > limit:
        raise AppointmentError(
            interpolate(
                _("The %(field)s is too long: at most %(limit)s characters."),
                field=label,
                limit=limit,
            ),
            code="too_long",
            details={"field": field, "max_length": limit},
        )
    return value


def _clean_phone(phone: str) -> str:
    parsed = phone_try_parse(phone or "")
    if parsed is None or parsed.is_short_code or not parsed.value.startswith("+66"):
        raise AppointmentError(
            _("This phone number is not valid: give a Thai number, e.g. 081 234 5678."),
            code="phone_invalid",
            details={"field": "phone"},
        )
    return parsed.value


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AppointmentError(
            _("This e-mail address is not valid: the invitation is sent there."),
            code="email_invalid",
            details={"field": "email"},
        ) from None
    return email


def _reference() -> str:
    while True:
        reference = "VC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not Appointment.objects.filter(reference=reference).exists():
            return reference


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


def _candidates(topic: Topic, officer: User | None) -> list[User]:
    officers = User.objects.filter(role=Role.OFFICER, is_active=True, agency=topic.agency)
    if officer is not None:
        if not officers.filter(pk=officer.pk).exists():
            raise AppointmentError(
                _("That officer does not advise on this topic's agency."),
                code="officer_mismatch",
                details={"field": "officer"},
            )
        return [officer]
    chosen = topic.officers.filter(role=Role.OFFICER, is_active=True)
    pool = chosen if chosen.exists() else officers
    # The least busy first, so bookings spread over the agency's officers.
    now = timezone.now()
    busy = Count(
        "consultations",
        filter=Q(
            consultations__starts_at__gte=now,
            consultations__status__in=[Status.REQUESTED, Status.PROPOSED, Status.CONFIRMED],
        ),
    )
    return list(pool.annotate(busy=busy).order_by("busy", "pk"))


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


def _contact_for(
    *, by: User | None, phone: str, first_name: str, last_name: str, email: str, language: str
) -> Contact:
    found = contact_get_by_phone(phone=phone)
    if found is not None:
        return found
    return contact_create(
        by=_person(by),
        phones=[phone],
        channel="appointment",
        first_name_th=first_name,
        last_name_th=last_name,
        email=email,
        preferred_language=language,
    )


@transaction.atomic
def appointment_book(
    *,
    by: User | None,
    first_name: str,
    last_name: str,
    phone: str,
    email: str,
    topic: Topic,
    topic_detail: str,
    starts_at: dt.datetime,
    mode: str = Mode.OFFICE,
    office: Office | None = None,
    officer: User | None = None,
    via: str = Via.STAFF,
    language: str = "th",
    asked_at: dt.datetime | None = None,
    actor_repr: str = "",
) -> Appointment:
    """Books a consultation for a citizen: routes the topic to its agency and a free officer,
    reserves the office's video room, and asks the officer to confirm."""
    first_name = _required(first_name, field="first_name", label=_("first name"), limit=MAX_NAME)
    last_name = _required(last_name, field="last_name", label=_("last name"), limit=MAX_NAME)
    phone = _clean_phone(phone)
    email = _clean_email(email)
    topic_detail = _required(
        topic_detail, field="topic_detail", label=_("topic to discuss"), limit=MAX_DETAIL
    )
    if not topic.is_active:
        raise AppointmentError(_("Choose a topic."), details={"field": "topic"})
    if mode not in Mode.values:
        raise AppointmentError(_("Choose where the consultation takes place."))
    if mode == Mode.OFFICE:
        person = _person(by)
        office = office or (person.office if person is not None else None)
        if office is None or not office.is_active:
            raise AppointmentError(
                _("Choose the provincial commerce office where the citizen will come."),
                code="office_required",
                details={"field": "office"},
            )
    else:
        office = None
    candidates = _candidates(topic, officer)
    now = timezone.now()
    refusal = None
    fitting = []
    for candidate in candidates:
        try:
            slot = slot_check(officer=candidate, starts_at=starts_at, now=now)
        except AppointmentError as exc:
            if exc.code in ("slot_past", "slot_too_far", "day_off"):
                raise
            refusal = refusal or exc
            continue
        fitting.append((candidate, slot))
    if not fitting:
        raise refusal or AppointmentError(
            _("No officer of this agency takes consultations at this time."),
            code="outside_availability",
            details={"field": "starts_at"},
        )
    contact = _contact_for(
        by=by,
        phone=phone,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
    )
    if contact.merged_into_id:
        contact = contact.merged_into or contact
    first, first_slot = fitting[0]
    appointment = Appointment.objects.create(
        reference=_reference(),
        uid=f"{secrets.token_hex(16)}@borikan",
        mode=mode,
        via=via,
        contact=contact,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        email=email,
        language="en" if language == "en" else "th",
        topic=topic,
        topic_detail=topic_detail,
        agency=topic.agency,
        officer=first,
        office=office,
        starts_at=first_slot.start,
        ends_at=first_slot.end,
        requested_at=now,
        created_by=_person(by),
    )
    for candidate, slot in fitting:
        appointment.officer, appointment.starts_at, appointment.ends_at = (
            candidate,
            slot.start,
            slot.end,
        )
        if _claim(appointment, officer_resource(candidate.pk)):
            break
    else:
        raise _officer_taken()
    _claim_room(appointment)
    appointment.save()
    _event(appointment, A.REQUESTED, by=by, actor_repr=actor_repr, note=topic_detail)
    _step(appointment, STEP_ASK, asked_at, now, longest=dt.timedelta(hours=8))
    audit_record(
        actor=_person(by),
        actor_repr=actor_repr,
        action=AuditEntry.Action.CREATE,
        obj=appointment,
        contact_id=contact.pk,
    )
    notify.requested(appointment)
    return appointment


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
    appointment = _locked(appointment, expected_version)
    if by is not None and by.pk:
        _check(
            may_act_as_staff(by=by, appointment=appointment)
            or may_act_as_officer(by=by, appointment=appointment)
        )
    _require_status(appointment, [Status.REQUESTED, Status.PROPOSED, Status.CONFIRMED])
    _not_started(appointment)
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
    appointment = _locked(appointment, expected_version)
    if by is not None and by.pk:
        _check(
            may_act_as_staff(by=by, appointment=appointment)
            or may_act_as_officer(by=by, appointment=appointment)
        )
    _require_status(appointment, [Status.REQUESTED, Status.PROPOSED, Status.CONFIRMED])
    _not_started(appointment)
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


def appointments_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: a merged contact's appointments follow it."""
    Appointment.objects.filter(contact_id=source_id).update(contact_id=target_id)
