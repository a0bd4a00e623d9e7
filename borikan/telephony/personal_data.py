"""The calls of a contact (by record or by number), for the data subject's rights (PDPA)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from borikan.contacts.registry import Identifiers
from borikan.core.export import export_rows
from borikan.telephony.models import Call, CallEvent


def _calls(identifiers: Identifiers) -> QuerySet[Call]:
    return Call.objects.filter(
        Q(contact_id__in=identifiers.contact_ids) | Q(caller__in=identifiers.phones)
    )


def calls_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    return {
        "calls": export_rows(
            _calls(identifiers),
            [
                "call_id",
                "direction",
                "caller",
                "hotline",
                "state",
                "started_at",
                "answered_at",
                "ended_at",
                "survey_score",
                "callback_done_at",
            ],
        ),
    }


def calls_erase(identifiers: Identifiers) -> int:
    """The numbers go (the call, the raw events the phone system sent); the call's times and
    states stay, for ring-time and answer-rate statistics."""
    calls = list(_calls(identifiers).values_list("pk", flat=True))
    CallEvent.objects.filter(call_id__in=calls).update(payload={})
    return Call.objects.filter(pk__in=calls).update(caller="", from_raw="")


def calls_forget_numbers(*, before: dt.datetime) -> int:
    """Retention: calls that rang before `before` keep their times but lose the numbers."""
    old = Call.objects.filter(started_at__lt=before).exclude(caller="", from_raw="")
    ids = list(old.values_list("pk", flat=True))
    CallEvent.objects.filter(call_id__in=ids).update(payload={})
    return Call.objects.filter(pk__in=ids).update(caller="", from_raw="")
