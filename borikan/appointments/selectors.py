"""Reads of appointments, scoped to who asks: officers their agency's, provincial and other
front-line staff their office's, the director, supervisors and administrators everything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from borikan.appointments.availability import (
    BANGKOK,
    Slot,
    local,
    officer_slots,
    officers_with_hours,
)
from borikan.appointments.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentEvent,
    CalendarFeed,
    Topic,
    VideoRoom,
    Window,
    WindowException,
)
from borikan.appointments.notify import when_text
from borikan.contacts.registry import TimelineItem
from borikan.core.errors import NotFoundError
from borikan.core.models import Office, Role, User
from borikan.core.tokens import secret_hash


class AppointmentNotFoundError(NotFoundError):
    code = "appointment_not_found"


def appointment_list_visible_to(*, user: User) -> QuerySet[Appointment]:
    qs = Appointment.objects.select_related("topic", "agency", "officer", "office", "room")
    if user.sees_everything:
        return qs
    if user.role == Role.OFFICER:
        return qs.filter(agency_id=user.agency_id) if user.agency_id else qs.none()
    if user.office_id:
        # Online consultations belong to no office: the central service center follows them.
        # In the same query (the caller's card asks on every answered call).
        central = Exists(Office.objects.filter(pk=user.office_id, kind=Office.Kind.CENTRAL))
        return qs.filter(
            Q(office_id=user.office_id)
            | Q(created_by_id=user.pk)
            | (Q(office__isnull=True) & Q(central))
        )
    return qs.none()


def appointment_get_visible(*, user: User, reference: str) -> Appointment:
    found = (
        appointment_list_visible_to(user=user)
        .filter(reference=reference.strip().upper()[:16])
        .first()
    )
    if found is None:
        raise AppointmentNotFoundError(_("No appointment with this reference."))
    return found


def appointment_events(*, appointment: Appointment) -> QuerySet[AppointmentEvent]:
    return appointment.events.select_related("actor")


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).select_related("agency")


def topic_get(*, code: str) -> Topic:
    found = topic_list().filter(code=code).first()
    if found is None:
        raise NotFoundError(_("No consultation topic with this code."), code="topic_not_found")
    return found


def booking_offices() -> QuerySet[Office]:
    """Offices where a citizen can come for a consultation: those with an active video room."""
    ids = VideoRoom.objects.filter(is_active=True).values_list("office_id", flat=True)
    return Office.objects.filter(pk__in=ids, is_active=True).select_related("province")


def topic_officer_pool(*, topic: Topic) -> QuerySet[User]:
    """Who may advise on a topic: the officers chosen for it, else every active officer of its
    agency."""
    chosen = topic.officers.filter(role=Role.OFFICER, is_active=True)
    if chosen.exists():
        return chosen
    return User.objects.filter(role=Role.OFFICER, is_active=True, agency=topic.agency)


def topic_officers(*, topic: Topic) -> list[User]:
    return officers_with_hours(officers=list(topic_officer_pool(topic=topic)))


def officers_taking_consultations() -> list[User]:
    """Officers who publish consultation hours, by agency (for staff to open their weeks)."""
    ids = Window.objects.values_list("officer_id", flat=True)
    return list(
        User.objects.filter(pk__in=ids, role=Role.OFFICER, is_active=True)
        .select_related("agency")
        .order_by("agency__code", "first_name")
    )


def topic_slots(*, topic: Topic, start: dt.date, days: int = 7) -> list[Slot]:
    """Free times for a topic: every start time at which one of its officers is free (once
    each, the officer chosen at booking)."""
    seen: dict[dt.datetime, Slot] = {}
    for officer in topic_officers(topic=topic):
        for slot in officer_slots(officer=officer, start=start, days=days):
            seen.setdefault(slot.start, slot)
    return [seen[key] for key in sorted(seen)]


@dataclass
class Day:
    date: dt.date
    appointments: list[Appointment] = field(default_factory=list)
    free: list[Slot] = field(default_factory=list)


def officer_week(*, officer: User, start: dt.date) -> list[Day]:
    """The officer's week from Monday `start`: booked consultations and free slots per day."""
    days = [Day(start + dt.timedelta(days=i)) for i in range(7)]
    booked = (
        Appointment.objects.filter(
            officer=officer,
            status__in=ACTIVE_STATUSES,
            starts_at__gte=local(start, dt.time()),
            starts_at__lt=local(start + dt.timedelta(days=7), dt.time()),
        )
        .select_related("topic", "office", "room")
        .order_by("starts_at")
    )
    by_date = {day.date: day for day in days}
    for appointment in booked:
        by_date[appointment.starts_at.astimezone(BANGKOK).date()].appointments.append(appointment)
    for slot in officer_slots(officer=officer, start=start, days=7):
        by_date[slot.start.date()].free.append(slot)
    return days


def office_day(*, office: Office, day: dt.date) -> list[Appointment]:
    """An office's consultations on one day, by time (cancelled ones left out)."""
    return list(
        Appointment.objects.filter(
            office=office,
            starts_at__gte=local(day, dt.time()),
            starts_at__lt=local(day + dt.timedelta(days=1), dt.time()),
        )
        .exclude(status="cancelled")
        .select_related("topic", "officer", "agency", "room")
        .order_by("starts_at", "room__name")
    )


def officer_hours(*, officer: User) -> tuple[list[Window], list[WindowException]]:
    today = timezone.localdate()
    return (
        list(Window.objects.filter(officer=officer)),
        list(WindowException.objects.filter(officer=officer, date__gte=today)),
    )


def feed_officer(*, token: str) -> User | None:
    """The officer whose secret feed address this is, or None."""
    feed = (
        CalendarFeed.objects.filter(token_hash=secret_hash(token)).select_related("officer").first()
    )
    if feed is None or not feed.officer.is_active:
        return None
    return feed.officer


def feed_appointments(*, officer: User) -> list[Appointment]:
    since = timezone.now() - dt.timedelta(days=30)
    return list(
        Appointment.objects.filter(
            officer=officer, status__in=ACTIVE_STATUSES, starts_at__gte=since
        ).select_related("topic", "agency", "officer", "office", "room")[:1000]
    )


def appointment_timeline(
    contact_ids: Sequence[int], user: User, limit: int
) -> Iterable[TimelineItem]:
    """Timeline provider: every step of the contact's consultations."""
    visible = appointment_list_visible_to(user=user).filter(contact_id__in=contact_ids)
    events = (
        AppointmentEvent.objects.filter(appointment__in=visible.values("pk"))
        .select_related("appointment", "appointment__topic")
        .order_by("-created_at", "-id")[:limit]
    )
    language = get_language() or "th"
    for event in events:
        appointment = event.appointment
        when = when_text(appointment, language)
        yield TimelineItem(
            at=event.created_at,
            kind="appointment",
            title=f"{appointment.reference} · {appointment.topic.name}",
            summary=f"{event.get_action_display()} · {when}",
            channel="video",
            url=f"/appointments/{appointment.reference}/",
        )
