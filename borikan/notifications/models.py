"""The outbox: every e-mail and SMS the system sends, one row each, delivered by the worker."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(
        _("recipient"), max_length=254, help_text=_("E-mail address, or phone number in E.164.")
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"))
    html = models.TextField(_("HTML body"), blank=True)
    # An iCalendar invitation sent with the e-mail (text/calendar; method from its METHOD line).
    calendar = models.TextField(_("calendar invitation"), blank=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("A message with the same key is never queued twice."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # When the queued delivery task is due to run; null when no task is queued. The retry sweep
    # queues one only for due messages without a live task, so a busy queue does not fill up.
    queued_for = models.DateTimeField(_("delivery queued for"), null=True, blank=True)
    # One file sent with an e-mail (a report's PDF): kept with the message, so a retry sends
    # the same bytes. Small by design (message_queue refuses more than ATTACHMENT_MAX_BYTES).
    attachment_name = models.CharField(_("attachment"), max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    # When a worker claimed the message to send it; a claim much older than any send can take
    # means that worker died mid-send, and the retry sweep takes the message back.
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # What the message is about, without a foreign key, so any app can list its messages.
    ref_kind = models.CharField(_("about (kind)"), max_length=32, blank=True)
    ref_id = models.CharField(_("about (id)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_msg_due"),
            models.Index(fields=["ref_kind", "ref_id"], name="notif_msg_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:40]}"
