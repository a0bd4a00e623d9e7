"""API tokens for integrations: shown once, stored hashed, scoped per app, revocable."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# One scope per app that exposes an API; a token may carry several.
SCOPES: dict[str, str] = {
    "catalog": "Service catalogue",
    "calendar": "Working calendar (days off)",
    "contacts": "Contacts (CRM)",
    "interactions": "Service log",
    "cti": "Telephony events",
    "cases": "Complaints and cases",
    "open311": "Open311 GeoReport v2 (file and follow requests)",
    "kb": "Knowledge base",
    "appointments": "Video consultations",
    "chat": "Live chat",
    "surveys": "Satisfaction ratings",
    "reports": "Reports",
    "privacy": "Personal data requests (PDPA)",
}


class ApiToken(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("A token with this name exists.")},
    )
    prefix = models.CharField(
        _("prefix"),
        max_length=16,
        unique=True,
        help_text=_("The token's first characters, to recognise it."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
