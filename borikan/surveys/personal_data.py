"""A contact's satisfaction ratings, for the data subject's rights (PDPA)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from borikan.contacts.registry import Identifiers
from borikan.core.export import export_rows
from borikan.surveys.models import SurveyResponse


def _responses(identifiers: Identifiers) -> QuerySet[SurveyResponse]:
    ids = identifiers.contact_ids
    return SurveyResponse.objects.filter(
        Q(interaction__contact_id__in=ids) | Q(case__contact_id__in=ids)
    )


def responses_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    return {
        "satisfaction": export_rows(
            _responses(identifiers), ["channel", "source", "score", "comment", "responded_at"]
        ),
    }


def responses_erase(identifiers: Identifiers) -> int:
    """The comment goes; the rating stays, anonymous, so the satisfaction rate is unchanged."""
    return _responses(identifiers).update(comment="")
