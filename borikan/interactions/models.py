"""The service log: every time staff served a citizen, on any channel, with step timings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    COUNTER = "counter", _("Counter")
    CHAT = "chat", _("Chat")
    VIDEO = "video", _("Video conference")
    WEB = "web", _("Website")
    EMAIL = "email", _("E-mail")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    TRANSFERRED = "transferred", _("Transferred to the agency")
    CASE_OPENED = "case_opened", _("Case opened")
    APPOINTMENT = "appointment", _("Appointment made")
    CALLBACK = "callback", _("To call back")


class Interaction(models.Model):
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=300)
    category = models.CharField(_("category"), max_length=100, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("related agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_extension = models.CharField(_("transferred to extension"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.ANSWERED
    )
    call = models.ForeignKey(
        "telephony.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    office = models.ForeignKey(
        "core.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), db_index=True)
    ended_at = models.DateTimeField(_("ended"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["office", "started_at"]),
            models.Index(fields=["contact", "started_at"]),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def duration_seconds(self) -> float:
        return (self.ended_at - self.started_at).total_seconds()


class StepTiming(models.Model):
    """How long one step of the catalogue's service really took, against its standard then."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="step_timings"
    )
    step_key = models.CharField(_("step"), max_length=50)
    step_order = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    seconds = models.FloatField()
    # The standard as it stood when the step was done: later catalogue edits do not rewrite it.
    standard_max_seconds = models.PositiveIntegerField(null=True, blank=True)
    within_standard = models.BooleanField(null=True)

    class Meta:
        ordering = ["interaction", "step_order"]
        constraints = [
            models.UniqueConstraint(fields=["interaction", "step_key"], name="one_timing_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.step_key}: {self.seconds:.0f} s"
