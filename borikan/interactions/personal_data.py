"""The services given to a contact, for the data subject's rights (PDPA)."""

from __future__ import annotations

from typing import Any

from borikan.contacts.registry import Identifiers
from borikan.core.export import ERASED_TEXT, export_rows
from borikan.interactions.models import Interaction


def interactions_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    return {
        "interactions": export_rows(
            Interaction.objects.filter(contact_id__in=identifiers.contact_ids),
            [
                "id",
                "contact_id",
                "channel",
                "service__code",
                "subject",
                "category",
                "agency__code",
                "transfer_extension",
                "notes",
                "outcome",
                "office__code",
                "started_at",
                "ended_at",
            ],
        ),
    }


def interactions_erase(identifiers: Identifiers) -> int:
    """What was said goes (subject, notes); channel, service, outcome, office, staff and times
    stay, so that the service statistics and the step standards do not change."""
    return Interaction.objects.filter(contact_id__in=identifiers.contact_ids).update(
        subject=ERASED_TEXT, notes="", transfer_extension=""
    )
