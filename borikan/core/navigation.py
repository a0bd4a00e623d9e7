"""The modules shown on the home page; a module is a link once its pages exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borikan.core.models import User


@dataclass(frozen=True)
class Module:
    key: str
    title: str | Promise
    summary: str | Promise
    url_name: str
    staff_only: bool = True

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


MODULES = (
    Module(
        "desktop",
        _("Agent desktop"),
        _("Calls, screen pop and the service log"),
        "interactions:desktop",
    ),
    Module(
        "contacts", _("Contacts"), _("People and businesses, one timeline each"), "contacts:list"
    ),
    Module(
        "cases",
        _("Complaints"),
        _("Tickets, dispatch and the 15-working-day standard"),
        "cases:list",
    ),
    Module(
        "kb",
        _("Knowledge base"),
        _("Answers that understand Thai, and the basket"),
        "knowledge:search",
    ),
    Module(
        "appointments",
        _("Video consultations"),
        _("Officers' slots and bookings"),
        "appointments:calendar",
    ),
    Module("chat", _("Live chat"), _("Website visitors waiting for an answer"), "chat:console"),
    Module("reports", _("Reports"), _("Standards, satisfaction and exports"), "reports:dashboard"),
    Module(
        "catalog",
        _("Service catalogue"),
        _("Services S1–S8, steps and standard times"),
        "catalog:list",
    ),
    Module(
        "privacy",
        _("Personal data (PDPA)"),
        _("Requests of data subjects, breaches, processing record"),
        "privacy:home",
    ),
    Module(
        "calendar", _("Working calendar"), _("Thai holidays, days off and working days"), "calendar"
    ),
)


def modules_for(user: User) -> list[Module]:
    return list(MODULES)
