"""Video-conference consultations (SPEC S3): officers' availability, bookings, slot claims.

Dependency direction: these models point at core (users, agencies, offices) and contacts; no
other app points at them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from borikan.core.models import BilingualNameMixin

# Every booking starts and ends on this grid; the claims below are one row per grain.
GRAIN_MINUTES = 15


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Topic(BilingualNameMixin):
    """What a citizen wants to discuss; it routes the booking to an agency and its officers."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officers who advise on it"),
        blank=True,
        related_name="consultation_topics",
        help_text=_("Empty: any officer of the agency who publishes availability."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("consultation topic")
        verbose_name_plural = _("consultation topics")


class Window(models.Model):
    """A weekly recurring window in which an officer takes consultations."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="consultation_windows",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per consultation"), default=30)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["officer", "weekday", "start"]
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class WindowException(models.Model):
    """One date on which an officer is away (all day or some hours) or takes extra hours."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Not available")
        EXTRA = "extra", _("Extra hours")

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="consultation_exceptions",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CLOSED)
    start = models.TimeField(_("from"), null=True, blank=True)
    end = models.TimeField(_("until"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per consultation"), default=30)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["officer", "date", "start"]
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class VideoRoom(models.Model):
    """A provincial office's video-conference room; a booking at the office reserves one."""

    office = models.ForeignKey(
        "core.Office", verbose_name=_("office"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["office", "name"]
        verbose_name = _("video room")
        verbose_name_plural = _("video rooms")

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("appointment status", "Waiting for the officer")
    PROPOSED = "proposed", pgettext_lazy("appointment status", "Another time proposed")
    CONFIRMED = "confirmed", pgettext_lazy("appointment status", "Confirmed")
    CHECKED_IN = "checked_in", pgettext_lazy("appointment status", "Checked in")
    COMPLETED = "completed", pgettext_lazy("appointment status", "Completed")
    NO_SHOW = "no_show", pgettext_lazy("appointment status", "Did not come")
    CANCELLED = "cancelled", pgettext_lazy("appointment status", "Cancelled")


# Statuses that hold their officer's and room's time.
ACTIVE_STATUSES = (Status.REQUESTED, Status.PROPOSED, Status.CONFIRMED, Status.CHECKED_IN)


class Mode(models.TextChoices):
    OFFICE = "office", _("At the provincial commerce office")
    ONLINE = "online", _("Online, from the citizen's own device")


class Via(models.TextChoices):
    STAFF = "staff", _("Provincial staff")
    ONLINE = "online", _("The citizen online")
    API = "api", _("Another system (API)")


class Appointment(models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    # The iCalendar UID: the same in every invitation, update and cancellation.
    uid = models.CharField(max_length=100, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    mode = models.CharField(_("where"), max_length=8, choices=Mode.choices, default=Mode.OFFICE)
    via = models.CharField(_("booked by"), max_length=8, choices=Via.choices, default=Via.STAFF)

    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="th")

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="appointments"
    )
    topic_detail = models.TextField(_("what exactly to discuss"))
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    office = models.ForeignKey(
        "core.Office",
        verbose_name=_("provincial office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    room = models.ForeignKey(
        VideoRoom,
        verbose_name=_("video room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    meeting_room = models.CharField(_("meeting room name"), max_length=100, blank=True)

    requested_at = models.DateTimeField(_("requested"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    informed_at = models.DateTimeField(_("citizen told"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    outcome = models.TextField(_("outcome notes"), blank=True)
    reminded_24h_at = models.DateTimeField(null=True, blank=True)
    reminded_1h_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            models.Index(fields=["officer", "starts_at"], name="appt_officer_time"),
            models.Index(fields=["office", "starts_at"], name="appt_office_time"),
            models.Index(fields=["status", "starts_at"], name="appt_status_time"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.first_name} {self.last_name}"

    @property
    def citizen_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class SlotClaim(models.Model):
    """One grain of an officer's or a room's time held by an appointment.

    The unique constraint is what prevents double booking: two transactions claiming the same
    grain cannot both commit, whatever the Python above them checked.
    """

    resource = models.CharField(max_length=32)  # "officer:<id>" or "room:<id>"
    start = models.DateTimeField()
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="claims")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "start"], name="one_claim_per_grain")
        ]

    def __str__(self) -> str:
        return f"{self.resource} @ {self.start:%Y-%m-%d %H:%M}"


class AppointmentEvent(models.Model):
    """One step of an appointment's life; each shows on the contact's timeline."""

    class Action(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("appointment event", "Requested")
        CONFIRMED = "confirmed", pgettext_lazy("appointment event", "Confirmed by the officer")
        PROPOSED = "proposed", pgettext_lazy("appointment event", "Officer proposed another time")
        ACCEPTED = "accepted", pgettext_lazy("appointment event", "Proposed time accepted")
        INFORMED = "informed", pgettext_lazy("appointment event", "Citizen told the time")
        RESCHEDULED = "rescheduled", pgettext_lazy("appointment event", "Rescheduled")
        CANCELLED = "cancelled", pgettext_lazy("appointment event", "Cancelled")
        REMINDED = "reminded", pgettext_lazy("appointment event", "Reminder sent")
        CHECKED_IN = "checked_in", pgettext_lazy("appointment event", "Checked in at the office")
        NO_SHOW = "no_show", pgettext_lazy("appointment event", "Did not come")
        COMPLETED = "completed", pgettext_lazy("appointment event", "Consultation held")

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_repr = models.CharField(_("by"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    starts_at = models.DateTimeField(_("time of the consultation"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.action}"


class StepTime(models.Model):
    """How long an S3 step of the catalogue really took for one appointment (SPEC §1)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="steps")
    step_key = models.CharField(_("step"), max_length=50)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    seconds = models.FloatField()
    standard_seconds = models.PositiveIntegerField(null=True, blank=True)
    within_standard = models.BooleanField(null=True)

    class Meta:
        ordering = ["appointment", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "step_key"], name="one_time_per_appointment_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.step_key}: {self.seconds:.0f} s"


class CalendarFeed(models.Model):
    """The secret address of an officer's iCal feed (stored hashed, shown once)."""

    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feed of {self.officer_id}"
