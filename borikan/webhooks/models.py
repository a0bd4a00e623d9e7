"""Webhooks out: other systems told when a case is opened or changes, each call signed and
logged, retried by the worker until the receiver answers 2xx."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The events a webhook may subscribe to.
EVENTS = {
    "case.created": _("A case was opened (any channel)"),
    "case.changed": _("A case changed: status, dispatch, reply, note, file, merge, escalation"),
}


class Webhook(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("Called with POST and a JSON body.")
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        help_text=_("The receiver checks the HMAC-SHA256 signature with it; kept to sign."),
    )
    events = models.JSONField(
        _("events"),
        default=list,
        blank=True,
        help_text=_("Event names, e.g. case.created, case.changed; empty for every event."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class Delivery(models.Model):
    """One event for one webhook: the body as signed and sent, and how each attempt went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40)
    event_id = models.CharField(
        _("event id"), max_length=100, help_text=_("The same event is never delivered twice.")
    )
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    queued_for = models.DateTimeField(_("delivery queued for"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="webhook_delivery_once")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.webhook} {self.event} {self.event_id}"
