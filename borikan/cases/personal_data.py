"""A contact's cases, for the data subject's rights (PDPA)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from borikan.cases.models import Attachment, Case, CaseEvent
from borikan.cases.services import case_index
from borikan.contacts.registry import Identifiers
from borikan.core.export import ERASED_TEXT, export_rows


def cases_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    cases = Case.objects.filter(contact_id__in=identifiers.contact_ids)
    return {
        "cases": export_rows(
            cases,
            [
                "number",
                "kind",
                "status",
                "service__code",
                "subject",
                "description",
                "category",
                "anonymous",
                "notify_email",
                "notify_phone",
                "origin",
                "origin_ref",
                "office__code",
                "agency__code",
                "received_at",
                "due_date",
                "answered_at",
                "closed_at",
            ],
        ),
        "case_events": export_rows(
            CaseEvent.objects.filter(case__in=cases),
            [
                "case__number",
                "action",
                "from_status",
                "to_status",
                "note",
                "public",
                "agency__code",
                "created_at",
            ],
        ),
        "case_files": export_rows(
            Attachment.objects.filter(case__in=cases),
            ["case__number", "original_name", "content_type", "size", "sha256"],
        ),
    }


def cases_erase(identifiers: Identifiers) -> int:
    """What the person wrote and sent goes (subject, description, notes, files, where to reach
    them); kind, service, agency, status and every date stay, so the 15-working-day figures
    and the case counts do not change."""
    ids = list(
        Case.objects.filter(contact_id__in=identifiers.contact_ids).values_list("pk", flat=True)
    )
    return _erase_cases(ids)


def _erase_cases(ids: list[int]) -> int:
    for attachment in Attachment.objects.filter(case_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
    CaseEvent.objects.filter(case_id__in=ids).exclude(note="").update(note=ERASED_TEXT)
    changed = Case.objects.filter(pk__in=ids).update(
        subject=ERASED_TEXT,
        description=ERASED_TEXT,
        notify_email="",
        notify_phone="",
        tracking_phone_last4="",
        origin_ref="",
    )
    for case in Case.objects.filter(pk__in=ids):
        case_index(case=case)
    return changed


def cases_forget_closed(*, before: dt.datetime) -> int:
    """Retention: cases closed before `before` keep their figures but lose what the person
    wrote and how to reach them (as an erasure does)."""
    old = Case.objects.filter(closed_at__lt=before).exclude(description=ERASED_TEXT)
    ids = list(old.values_list("pk", flat=True))
    if not ids:
        return 0
    return _erase_cases(ids)
