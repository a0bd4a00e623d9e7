"""Booking a consultation (SPEC S3 steps 2–3): the citizen's details, the topic routed to an
agency's free officer, the office's video room; the time is held by SlotClaim rows, whose unique
constraint refuses a second booking of the same officer or room even when two requests race."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.appointments import notify
from borikan.appointments.availability import (
    AppointmentError,
    officer_resource,
    slot_check,
)
from borikan.appointments.models import (
    Appointment,
    Mode,
    Status,
    Topic,
    Via,
)
from borikan.appointments.selectors import topic_officer_pool
from borikan.appointments.services._common import (
    MAX_DETAIL,
    MAX_NAME,
    STEP_ASK,
    A,
    _claim,
    _claim_room,
    _event,
    _officer_taken,
    _person,
    _required,
    _step,
)
from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact
from borikan.contacts.selectors import contact_get_by_phone
from borikan.contacts.services import contact_create
from borikan.core.models import AuditEntry, Office, Role, User
from borikan.core.services import audit_record

# Read aloud over the phone: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


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


def _candidates(topic: Topic, officer: User | None) -> list[User]:
    if officer is not None:
        advises = officer.role == Role.OFFICER and officer.is_active
        if not (advises and officer.agency_id == topic.agency_id):
            raise AppointmentError(
                _("That officer does not advise on this topic's agency."),
                code="officer_mismatch",
                details={"field": "officer"},
            )
        return [officer]
    pool = topic_officer_pool(topic=topic)
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


def appointments_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: a merged contact's appointments follow it."""
    Appointment.objects.filter(contact_id=source_id).update(contact_id=target_id)
