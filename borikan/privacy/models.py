"""The PDPA registers: processing activities (section 39), data subjects' requests (sections
30–36, answered within 30 days) and personal data breaches (section 37, the office told within
72 hours)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REQUEST_DAYS = 30
BREACH_HOURS = 72


class ProcessingActivity(models.Model):
    """One line of the record of processing activities (ROPA)."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("activity"), max_length=200)
    purpose = models.TextField(_("purpose"))
    lawful_basis = models.CharField(_("lawful basis"), max_length=200)
    data_subjects = models.CharField(_("data subjects"), max_length=300)
    data_categories = models.TextField(_("personal data kept"))
    sources = models.CharField(_("collected from"), max_length=300)
    recipients = models.CharField(_("disclosed to"), max_length=300, blank=True)
    retention = models.CharField(_("kept for"), max_length=200)
    security = models.TextField(_("security measures"))
    transfer_abroad = models.CharField(_("transfer abroad"), max_length=200, default="ไม่มี")
    unit = models.CharField(_("responsible unit"), max_length=200)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("record of processing activities")

    def __str__(self) -> str:
        return self.name


class DataSubjectRequest(models.Model):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Access: a copy of my data")
        RECTIFICATION = "rectification", _("Rectification: correct my data")
        ERASURE = "erasure", _("Erasure: delete my data")
        OBJECTION = "objection", _("Objection or restriction of processing")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused (with reasons)")

    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("data subject"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("request"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    channel = models.CharField(_("received through"), max_length=30, blank=True)
    details = models.TextField(_("what was asked"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("answer by"), db_index=True)
    outcome = models.TextField(_("outcome"), blank=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["status", "due_at"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() > self.due_at


class Breach(models.Model):
    class Risk(models.TextChoices):
        LOW = "low", _("Unlikely to risk people's rights (record only)")
        RISK = "risk", _("A risk to people's rights: tell the office")
        HIGH = "high", _("A high risk: tell the office and the people affected")

    title = models.CharField(_("what happened"), max_length=300)
    description = models.TextField(_("details"))
    discovered_at = models.DateTimeField(_("discovered"))
    data_categories = models.CharField(_("personal data involved"), max_length=300)
    people_affected = models.PositiveIntegerField(_("people affected (estimate)"), default=0)
    risk = models.CharField(_("risk"), max_length=8, choices=Risk.choices, default=Risk.RISK)
    measures = models.TextField(_("measures taken"), blank=True)
    reported_at = models.DateTimeField(_("office told"), null=True, blank=True)
    people_told_at = models.DateTimeField(_("people affected told"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-discovered_at"]
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")

    def __str__(self) -> str:
        return self.title

    @property
    def report_by(self) -> dt.datetime:
        return self.discovered_at + dt.timedelta(hours=BREACH_HOURS)

    @property
    def must_report(self) -> bool:
        return self.risk != self.Risk.LOW

    @property
    def hours_left(self) -> float | None:
        """Hours until the office must be told (negative when late); None when done or not due."""
        if not self.must_report or self.reported_at is not None:
            return None
        return (self.report_by - timezone.now()).total_seconds() / 3600

    @property
    def hours_late(self) -> float:
        left = self.hours_left
        return -left if left is not None and left < 0 else 0.0
