"""Complaints, grievances, tip-offs and follow-ups (SPEC S2): numbered, dispatched, answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from borikan.core.models import StoredFile


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    GRIEVANCE = "grievance", _("Grievance")
    TIPOFF = "tipoff", _("Tip-off")
    FOLLOWUP = "followup", _("Follow-up inquiry")


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("case status", "Received")
    SUBMITTED = "submitted", pgettext_lazy("case status", "Submitted to the director")
    DISPATCHED = "dispatched", pgettext_lazy("case status", "Dispatched to the agency")
    IN_PROGRESS = "in_progress", pgettext_lazy("case status", "In progress")
    WAITING = "waiting", pgettext_lazy("case status", "Waiting for the citizen")
    ANSWERED = "answered", pgettext_lazy("case status", "Answered")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")
    MERGED = "merged", pgettext_lazy("case status", "Merged into another case")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.SUBMITTED,
    Status.DISPATCHED,
    Status.IN_PROGRESS,
    Status.WAITING,
)


class Origin(models.TextChoices):
    PHONE = "phone", _("Phone (hotline)")
    COUNTER = "counter", _("Counter")
    CHAT = "chat", _("Chat")
    WEB = "web", _("Website")
    API = "api", _("Another system (API)")
    HOTLINE_1111 = "1111", _("Government hotline 1111")
    DAMRONGDHAMA = "damrongdhama", _("Damrongdhama center")
    OTHER = "other", _("Other referral")


class TicketCounter(models.Model):
    """The last number given in one Buddhist year; a row lock makes numbers unique."""

    year_be = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year_be}: {self.last}"


class Case(models.Model):
    number = models.CharField(_("ticket number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Not indexed alone: the list indexes below start with it or hold it (each index is
    # written on every case opened and on every change of status).
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=300)
    description = models.TextField(_("description"))
    category = models.CharField(_("category"), max_length=100, blank=True)

    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # What the citizen proves on the tracking page: the last 4 digits of their phone, or the
    # hash of a secret code given once (anonymous tip-offs).
    tracking_phone_last4 = models.CharField(max_length=4, blank=True)
    tracking_code_hash = models.CharField(max_length=64, blank=True)
    notify_email = models.EmailField(_("e-mail for updates"), blank=True)
    notify_phone = models.CharField(_("phone for SMS updates"), max_length=20, blank=True)

    origin = models.CharField(_("received through"), max_length=16, choices=Origin.choices)
    origin_ref = models.CharField(_("reference at the origin"), max_length=100, blank=True)
    interaction = models.ForeignKey(
        "interactions.Interaction",
        verbose_name=_("opened from the service log"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # office and agency: no index of their own, the list indexes start with them.
    office = models.ForeignKey(
        "core.Office",
        verbose_name=_("receiving office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    received_at = models.DateTimeField(_("received"))
    due_date = models.DateField(_("due"), db_index=True)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("working days paused"), default=0)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    version = models.PositiveIntegerField(default=1)  # optimistic lock for concurrent edits
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # An integration's own reference, looked up exactly from the case list's search box.
            models.Index(fields=["origin_ref"], name="case_origin_ref"),
            models.Index(fields=["agency", "status", "-received_at", "-id"], name="case_agency_q"),
            models.Index(fields=["office", "status", "-received_at", "-id"], name="case_office_q"),
            # All of a unit's cases newest first; status last so that filters on it still use
            # the indexes above (see bench/cases).
            models.Index(
                fields=["agency", "-received_at", "-id", "status"], name="case_agency_recent"
            ),
            models.Index(
                fields=["office", "-received_at", "-id", "status"], name="case_office_recent"
            ),
            models.Index(fields=["status", "-received_at", "-id"], name="case_status_q"),
            models.Index(fields=["-received_at", "-id"], name="case_received"),
            # An agency's or an office's open cases alone (a few in a hundred), newest first:
            # the list officers and counters start on, read in order from its first page to
            # its last. Queried with core.paging.InLiterals (SQLite matches a partial index's
            # condition only so). Everyone's open cases (the director's) are few enough to be
            # sorted through case_status_q.
            models.Index(
                fields=["agency", "-received_at", "-id", "status"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_agency_open",
            ),
            models.Index(
                fields=["office", "-received_at", "-id", "status"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_office_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.Model):
    """One step in a case's life: a transition, a public reply or an internal note."""

    class Action(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("case event", "Received")
        SUBMIT = "submit", pgettext_lazy("case event", "Submitted to the director")
        DISPATCH = "dispatch", pgettext_lazy("case event", "Dispatched")
        ACCEPT = "accept", pgettext_lazy("case event", "Accepted by the agency")
        NOT_OURS = "not_ours", pgettext_lazy("case event", "Returned: not this agency's")
        PAUSE = "pause", pgettext_lazy("case event", "Waiting for the citizen")
        RESUME = "resume", pgettext_lazy("case event", "Resumed")
        ANSWER = "answer", pgettext_lazy("case event", "Answered")
        CLOSE = "close", pgettext_lazy("case event", "Closed")
        REOPEN = "reopen", pgettext_lazy("case event", "Reopened")
        MERGE = "merge", pgettext_lazy("case event", "Merged")
        NOTE = "note", pgettext_lazy("case event", "Internal note")
        ESCALATE = "escalate", pgettext_lazy("case event", "Escalated: overdue")
        ATTACH = "attach", pgettext_lazy("case event", "File attached")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_repr = models.CharField(_("by"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("shown to the citizen"), default=False)
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"cases/{instance.case.number}/{instance.sha256[:16]}{instance.extension}"


class Attachment(StoredFile):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    public = models.BooleanField(_("from or for the citizen"), default=False)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
