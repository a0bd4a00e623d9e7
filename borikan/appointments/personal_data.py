"""A contact's video consultations, for the data subject's rights (PDPA)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from borikan.appointments.models import Appointment
from borikan.contacts.registry import Identifiers
from borikan.core.export import ERASED_TEXT, export_rows


def _appointments(identifiers: Identifiers) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        Q(contact_id__in=identifiers.contact_ids)
        | Q(email__in=identifiers.emails)
        | Q(phone__in=identifiers.phones)
    )


def appointments_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    return {
        "appointments": export_rows(
            _appointments(identifiers),
            [
                "reference",
                "first_name",
                "last_name",
                "phone",
                "email",
                "topic__code",
                "topic_detail",
                "status",
                "starts_at",
                "ends_at",
                "outcome",
            ],
        ),
    }


def appointments_erase(identifiers: Identifiers) -> int:
    """Name, phone, e-mail and what was discussed go; topic, officer, times and status stay."""
    return _appointments(identifiers).update(
        first_name="", last_name="", phone="", email="", topic_detail=ERASED_TEXT, outcome=""
    )
