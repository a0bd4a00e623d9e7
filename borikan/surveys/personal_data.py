"""A contact's satisfaction ratings, for the data subject's rights (PDPA)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from borikan.contacts.registry import Identifiers
from borikan.core.export import export_rows
from borikan.surveys.models import SurveyRequest, SurveyResponse


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
        "satisfaction_requests": export_rows(
            _requests(identifiers), ["via", "recipient", "channel", "created_at"]
        ),
    }


def _requests(identifiers: Identifiers) -> QuerySet[SurveyRequest]:
    ids = identifiers.contact_ids
    return SurveyRequest.objects.filter(
        Q(interaction__contact_id__in=ids)
        | Q(case__contact_id__in=ids)
        | Q(recipient__in=[*identifiers.emails, *identifiers.phones])
    )


def responses_erase(identifiers: Identifiers) -> int:
    """The comment and where the link went go; ratings and requests stay, anonymous, so the
    satisfaction and response rates are unchanged."""
    _requests(identifiers).update(recipient="")
    return _responses(identifiers).update(comment="")
