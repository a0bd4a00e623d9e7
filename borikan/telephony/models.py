"""Calls reported by the phone system (Zammad-compatible Generic CTI events, or the AMI bridge)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CtiToken(models.Model):
    """The secret in the PBX's webhook URL `/api/v1/cti/{token}`; stored hashed."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    prefix = models.CharField(_("prefix"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone-system token")
        verbose_name_plural = _("phone-system tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class BlockedNumber(models.Model):
    """Callers the PBX is told to reject (abuse, automated dialers)."""

    number = models.CharField(
        _("number"), max_length=20, unique=True, help_text=_("E.164, as normalised.")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked number")
        verbose_name_plural = _("blocked numbers")

    def __str__(self) -> str:
        return self.number


class Call(models.Model):
    class Direction(models.TextChoices):
        IN = "in", _("Incoming")
        OUT = "out", _("Outgoing")

    class State(models.TextChoices):
        RINGING = "ringing", _("Ringing")
        ANSWERED = "answered", _("In conversation")
        ENDED = "ended", _("Ended")

    call_id = models.CharField(_("call id"), max_length=128, unique=True)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.IN
    )
    from_raw = models.CharField(_("from (as sent)"), max_length=64, blank=True)
    to_raw = models.CharField(_("to (as sent)"), max_length=64, blank=True)
    caller = models.CharField(
        _("caller number"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("Normalised; empty when anonymous or malformed."),
    )
    hotline = models.CharField(
        _("hotline"),
        max_length=20,
        blank=True,
        help_text=_("The number dialled, e.g. 1203 or 1169."),
    )
    queue = models.CharField(_("queue"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RINGING, db_index=True
    )
    cause = models.CharField(_("end cause"), max_length=32, blank=True)
    ringing_users = models.JSONField(_("ringing at"), default=list, blank=True)
    answering_number = models.CharField(_("answered at extension"), max_length=32, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    started_at = models.DateTimeField(_("rang at"), db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    survey_score = models.PositiveSmallIntegerField(_("keypad rating"), null=True, blank=True)
    callback_done_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["state", "answered_at", "started_at"])]

    def __str__(self) -> str:
        return f"{self.call_id} {self.caller or self.from_raw}"

    @property
    def is_missed(self) -> bool:
        return self.state == self.State.ENDED and self.answered_at is None

    @property
    def ring_seconds(self) -> float | None:
        """newCall → answer; the standard is three rings (see the catalogue's S1 greet step)."""
        if self.answered_at is None:
            return None
        return (self.answered_at - self.started_at).total_seconds()

    @property
    def talk_seconds(self) -> float | None:
        if self.answered_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.answered_at).total_seconds()


class CallEvent(models.Model):
    """Every event exactly as received, so nothing the PBX sent is ever lost."""

    call = models.ForeignKey(
        Call, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    source = models.CharField(max_length=16, default="cti")  # "cti" or "ami"
    event = models.CharField(max_length=32)
    payload = models.JSONField(default=dict)
    outcome = models.CharField(max_length=32, default="applied")
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.event} {self.outcome}"
